import PluginKit

/// Elder meals (助餐/送餐): canteen cooking needs a valid food-hygiene certificate; deliveries to elders living alone
/// happen in the lunch or dinner window, within the canteen's 15-minute service circle, in rounds of a few stops; the
/// dietary note travels with the delivery; the same volunteer keeps the same elder where possible (the core's
/// continuity of care, keyed by the delivery's client).
public struct ElderMealsPlugin: DomainPlugin {
    public static let cooking = "mealCooking"
    public static let delivery = "mealDelivery"

    public let id = "elderMeals"
    public let name = Words(en: "Elder meals", zh: "长者助餐")

    public init() {}

    public var taskKinds: [TaskKind] {
        [
            TaskKind(id: Self.cooking, label: Words(en: "Canteen cooking", zh: "食堂备餐"), fields: [
                TaskField(name: "portions", kind: .number, label: Words(en: "Portions", zh: "份数")),
            ]),
            TaskKind(id: Self.delivery, label: Words(en: "Meal delivery", zh: "送餐上门"), fields: [
                TaskField(name: "meal", kind: .choice, label: Words(en: "Meal", zh: "餐次"), choices: MealWindow.allCases.map(\.rawValue),
                          required: true),
                TaskField(name: "canteenLat", kind: .number, label: Words(en: "Canteen latitude", zh: "食堂纬度"), required: true),
                TaskField(name: "canteenLon", kind: .number, label: Words(en: "Canteen longitude", zh: "食堂经度"), required: true),
                TaskField(name: "dietaryNote", kind: .text, label: Words(en: "Dietary note", zh: "饮食备注")),
            ]),
        ]
    }

    public var vocabulary: [String: Words] { ["foodHygiene": Words(en: "food-hygiene", zh: "食品卫生")] }

    public var constraints: [PluginConstraint] {
        [
            PluginConstraint(name: "canteenHygiene", scope: .slot, level: .hard, weight: 1,
                             description: Words(en: "Canteen cooking needs a food-hygiene certificate valid on the day",
                                                zh: "食堂备餐须持当日有效的食品卫生证"),
                             wouldBreak: Words(en: "lack a valid food-hygiene certificate", zh: "缺少有效的食品卫生证")),
            PluginConstraint(name: "deliveryRound", scope: .person, level: .hard, weight: 1,
                             description: Words(en: "At most `maxStopsPerRound` deliveries (default 4) in one meal window a day",
                                                zh: "每个餐次每人送餐不超过规定站数（默认4户）"),
                             wouldBreak: Words(en: "already deliver their most stops this round", zh: "本轮送餐站数已满")),
        ]
    }

    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        guard task.kind == Self.delivery else { return [] }
        var issues: [ValidationIssue] = []
        if task.client == nil {
            issues.append(ValidationIssue(field: "\(path).client", reason: "a meal delivery names the elder it serves (for continuity)"))
        }
        if let window = task.fields["meal"].flatMap(MealWindow.init(rawValue:)), !window.contains(task) {
            issues.append(ValidationIssue(field: "\(path).start", reason: "a \(window.rawValue) delivery must lie within \(window.span)"))
        }
        if let lat = task.number("canteenLat"), let lon = task.number("canteenLon") {
            let minutes = ServiceCircle.minutes(from: GeoPoint(lat: lat, lon: lon), to: task.site.point)
            if minutes > ServiceCircle.limitMinutes {
                issues.append(ValidationIssue(field: "\(path).site", reason: "the elder lives \(minutes) minutes from the canteen, outside its "
                                                + "\(ServiceCircle.limitMinutes)-minute service circle"))
            }
        }
        return issues
    }

    public func slotRules(rules: Rules) -> [any SlotRule] {
        [CredentialGate(name: "canteenHygiene", credential: "foodHygiene", kinds: [Self.cooking],
                        words: Words(en: "lack a valid food-hygiene certificate", zh: "缺少有效的食品卫生证"))]
    }

    public func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] {
        let limit = context.problem.rules.settings["maxStopsPerRound"] ?? DeliveryRound.defaultStops
        guard let kind = context.kind(Self.delivery, reachableBy: person, atLeast: limit + 1) else { return [] }
        return [WeightedPersonRule(.custom(DeliveryRound(kind: kind, maxStops: limit), name: "deliveryRound", kinds: [kind]),
                                   weighting("deliveryRound", rules: context.problem.rules))]
    }

    public func demo(_ setting: DemoSetting) -> DemoWeek {
        var demo = ElderMealsDemo(setting: setting)
        return demo.week()
    }
}
