import Scheduling

/// Scoring a long timeline by the days a move reaches. A year's roster holds some 250 tasks a person; rescoring it
/// whole for every move spent 84% of a 52-week solve. Each rule here is either local (a sum of terms over days,
/// weeks, runs of working days and the gaps between them, successive tasks) or reads only a person's sums.
///
/// A local rule's change is its magnitude on the new window less that on the old one, where the window runs from
/// the end of the work run before the first changed day to the start of the run after the last, widened to whole
/// weeks. Every term a change can alter then lies inside it, with both ends, and every term cut by its edges lies
/// in unchanged days and is cut the same way twice, so it cancels. A task from before the window cannot reach a
/// changed one across the day off between them: tasks are at most a day long (`windowable`).
extension ScoreDirector {
    /// Timelines shorter than this are rescored whole by default: there the window saves little.
    public static let windowedTimelineLength = 40

    /// Room a timeline starts with: two tasks a day and some over. A timeline that needs more (a person given
    /// overlapping seats while the search passes through) moves to a bigger room.
    static func initialTimelineRoom(days: Int) -> Int { 2 * days + 8 }

    /// Person p's score with the staged changes by their window, or nil when p is scored whole.
    func windowedPersonScore(_ p: Int32) -> Score? {
        let n = Int(timelineCount[p])
        guard n >= windowedFrom, windowable[p] else { return nil }
        var first = Int32.max, last = Int32.min, added = 0
        for i in 0..<stagedCount where stagedNew[i] == p || stagedOld[i] == p {
            let s = stagedSlot[i], day = facts[s].day
            first = min(first, day)
            last = max(last, day)
            if stagedNew[i] == p {
                insertInOrder(s, into: additions.base, count: added)
                added += 1
            }
        }
        let base = Int(timelineOffsets[p])
        @inline(__always) func day(_ i: Int) -> Int32 { facts[timelineSlots[base + i]].day }

        // Back over the run that touches the first changed day, then to the whole last day of the run before.
        var from = firstIndex(ofDayAtLeast: first, base: base, count: n), reached = first
        while from > 0 && day(from - 1) >= reached - 1 {
            reached = day(from - 1)
            from -= 1
        }
        if from > 0 {
            let previousEnd = day(from - 1)
            while from > 0 && day(from - 1) == previousEnd { from -= 1 }
        }
        let weekStart = first / 7 * 7
        while from > 0 && day(from - 1) >= weekStart { from -= 1 }

        var to = firstIndex(ofDayAtLeast: last + 1, base: base, count: n)
        reached = last
        while to < n && day(to) <= reached + 1 {
            reached = day(to)
            to += 1
        }
        if to < n {
            let nextStart = day(to)
            while to < n && day(to) == nextStart { to += 1 }
        }
        let weekEnd = last / 7 * 7 + 6
        while to < n && day(to) <= weekEnd { to += 1 }
        // A window over most of the timeline costs more than one pass over the whole.
        guard 2 * (to - from) < n else { return nil }

        let oldCount = to - from
        for j in from..<to { windowScratch[j - from] = facts[timelineSlots[base + j]] }
        let newCount = mergeStaged(p, from: from, to: to, added: added)
        windowedEvaluations &+= 1
        let old = Timeline(start: windowScratch.base, count: oldCount), new = Timeline(start: scratch.base, count: newCount)
        let fromDay = oldCount > 0 ? windowScratch[0].day : first, toDay = oldCount > 0 ? windowScratch[oldCount - 1].day : last
        return personScores[p] + localChange(p, old, new, days: min(fromDay, first), max(toDay, last)) + sumsChange(p)
    }

    private func firstIndex(ofDayAtLeast day: Int32, base: Int, count: Int) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if facts[timelineSlots[base + mid]].day < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The local rules' change between the old and the new window.
    private func localChange(_ p: Int32, _ old: Timeline, _ new: Timeline, days first: Int32, _ last: Int32) -> Score {
        var total = Score.zero
        for k in Int(ruleOffsets[p])..<Int(ruleOffsets[Int(p) + 1]) {
            let rule = personRules.base + k
            let change: Int64
            switch rule.pointee.rule {
            case .requests(let c): change = c.magnitude(new, days: first, last) - c.magnitude(old, days: first, last)
            case .minTotalMinutes, .maxTotalMinutes, .fairness, .fairnessByCount, .maxWeekends, .maxTasksOfKind,
                 .plugin: continue
            default: change = rule.pointee.rule.magnitude(new) - rule.pointee.rule.magnitude(old)
            }
            if change != 0 { total += rule.pointee.weighting.score(change) }
        }
        return total
    }

    /// The change of the rules that read only p's sums, from the sums and the staged changes.
    private func sumsChange(_ p: Int32) -> Score {
        var minutes: Int64 = 0, count: Int64 = 0, weekends: Int32 = 0
        for i in 0..<stagedCount where stagedNew[i] == p || stagedOld[i] == p {
            let f = facts[stagedSlot[i]], sign: Int64 = stagedNew[i] == p ? 1 : -1
            minutes += sign * Int64(f.minutes)
            count += sign
            // Each weekend once, at its first change: how many of p's tasks it holds after all of them.
            guard f.weekend >= 0, !changedEarlier(p, before: i, where: { $0.weekend == f.weekend }) else { continue }
            let before = totals.weekendTaskCount(p, weekend: f.weekend)
            let after = before + changeCount(p, from: i, where: { $0.weekend == f.weekend })
            weekends += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0)
        }
        let oldMinutes = totals.minutes[p], oldCount = Int64(timelineCount[p]), oldWeekends = Int(totals.weekendsWorked[p])
        var total = Score.zero
        for k in Int(ruleOffsets[p])..<Int(ruleOffsets[Int(p) + 1]) {
            let rule = personRules.base + k
            let weighting = rule.pointee.weighting
            switch rule.pointee.rule {
            case .minTotalMinutes(let c):
                total += weighting.score(c.magnitude(minutes: oldMinutes + minutes) - c.magnitude(minutes: oldMinutes))
            case .maxTotalMinutes(let c):
                total += weighting.score(c.magnitude(minutes: oldMinutes + minutes) - c.magnitude(minutes: oldMinutes))
            case .fairness(let c):
                total += weighting.score(c.magnitude(minutes: oldMinutes + minutes) - c.magnitude(minutes: oldMinutes))
            case .fairnessByCount(let c):
                total += weighting.score(c.magnitude(count: oldCount + count) - c.magnitude(count: oldCount))
            case .maxWeekends(let c):
                total += weighting.score(c.magnitude(worked: oldWeekends + Int(weekends)) - c.magnitude(worked: oldWeekends))
            case .maxTasksOfKind(let c):
                total += weighting.score(kindExcessChange(p, c))
            default: continue
            }
        }
        return total
    }

    private func kindExcessChange(_ p: Int32, _ rule: MaxTasksOfKind) -> Int64 {
        var change: Int64 = 0
        for i in 0..<stagedCount where stagedNew[i] == p || stagedOld[i] == p {
            let kind = facts[stagedSlot[i]].kind, limit = rule.limit(of: kind)
            guard limit != .max, !changedEarlier(p, before: i, where: { $0.kind == kind }) else { continue }
            let before = totals.kindTaskCount(p, kind: kind), after = before + changeCount(p, from: i, where: { $0.kind == kind })
            change += Int64(max(0, after - limit) - max(0, before - limit))
        }
        return change
    }

    /// Whether a staged change of p before index i matches.
    @inline(__always) private func changedEarlier(_ p: Int32, before i: Int, where matches: (SlotFacts) -> Bool) -> Bool {
        for j in 0..<i where (stagedNew[j] == p || stagedOld[j] == p) && matches(facts[stagedSlot[j]]) { return true }
        return false
    }

    /// Tasks p gains (less those p loses) among the matching staged changes from index i on.
    @inline(__always) private func changeCount(_ p: Int32, from i: Int, where matches: (SlotFacts) -> Bool) -> Int32 {
        var change: Int32 = 0
        for j in i..<stagedCount where matches(facts[stagedSlot[j]]) {
            if stagedNew[j] == p { change += 1 } else if stagedOld[j] == p { change -= 1 }
        }
        return change
    }
}
