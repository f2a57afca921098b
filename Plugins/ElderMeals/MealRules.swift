import PluginKit

/// The meal windows deliveries must lie in.
enum MealWindow: String, CaseIterable {
    case lunch, dinner

    /// Minutes of the day: lunch 10:30–13:30, dinner 16:30–19:30.
    var minutes: ClosedRange<Int> {
        switch self {
        case .lunch: 630...810
        case .dinner: 990...1170
        }
    }

    var span: String { "\(LocalTime(minuteOfDay: minutes.lowerBound)!)–\(LocalTime(minuteOfDay: minutes.upperBound)!)" }

    func contains(_ task: ServiceTask) -> Bool {
        task.start.date == task.end.date && minutes.contains(task.start.minuteOfDay) && minutes.contains(task.end.minuteOfDay)
    }
}

/// The 15-minute service circle (15分钟为老服务圈), at a delivery bike's 12 km/h.
enum ServiceCircle {
    static let limitMinutes = 15
    static let speedKmh = 12.0

    static func minutes(from a: GeoPoint, to b: GeoPoint) -> Int { Int((a.distance(to: b) / 1000 / speedKmh * 60).rounded(.up)) }
}

/// A delivery round is one person's deliveries in one meal window of one day; it has at most `maxStops` stops.
/// Magnitude: stops over the limit, summed over rounds.
struct DeliveryRound: PersonConstraint {
    static let defaultStops = 4
    var kind: Int32
    var maxStops: Int

    func magnitude(_ t: Timeline) -> Int64 {
        var excess: Int64 = 0
        var day: Int32 = -1, lunch = true, stops = 0
        for f in t where f.kind == kind {
            // Timeline minutes count from the horizon's first midnight: the minute of day tells lunch from dinner.
            let isLunch = f.start % 1440 < 900
            if f.day != day || isLunch != lunch {
                day = f.day
                lunch = isLunch
                stops = 0
            }
            stops += 1
            if stops > maxStops { excess += 1 }
        }
        return excess
    }
}
