import Scheduling

/// The linear relaxation of "choose one row per person" (the master problem of column generation): one
/// equality per task, people on it + under − over = required, and one per person, the shares of their rows sum to
/// 1. A revised simplex with a dense basis inverse: the basis has one column per task and per person (a few
/// hundred), and the columns are rows of days, so a pivot costs a few hundred thousand flops.
final class CoverLP {
    let taskCount: Int
    let personCount: Int
    let underCost: [Double]
    let overCost: [Double]
    private var rhs: [Double]
    /// The requirements before the perturbation.
    private let exactRHS: [Double]

    // The columns (people's rows): each covers some tasks once and its person's row.
    private(set) var columnPerson: [Int32] = []
    private(set) var columnCost: [Double] = []
    private var addedCost: [Double] = []
    private(set) var columnStart: [Int] = [0]
    private(set) var columnTasks: [Int32] = []

    // Variables: 0..<T under-cover of task t, T..<2T over-cover, 2T + j column j.
    private var basis: [Int] = []
    private var basisPosition: [Int32] = []
    private var inverse: [Double] = []
    private(set) var values: [Double] = []
    private(set) var duals: [Double] = []
    private var alpha: [Double] = []
    private var touched: [Int] = []
    private var pivotsSinceInversion = 0

    var rowCount: Int { taskCount + personCount }
    var columnCount: Int { columnPerson.count }

    /// `required`, `underCost`, `overCost` per task. A tiny random excess on each task's requirement keeps the many
    /// exactly covered tasks from making every pivot degenerate.
    init(required: [Int32], underCost: [Double], overCost: [Double], personCount: Int, rng: inout RandomSource) {
        taskCount = required.count
        self.personCount = personCount
        self.underCost = underCost
        self.overCost = overCost
        exactRHS = required.map { Double($0) } + Array(repeating: 1, count: personCount)
        rhs = exactRHS.enumerated().map { $0.offset < required.count ? $0.element + 1e-7 * Double(1 + rng.below(100)) : $0.element }
    }

    func tasks(ofColumn j: Int) -> ArraySlice<Int32> { columnTasks[columnStart[j]..<columnStart[j + 1]] }

    func addColumn(person: Int32, tasks: [Int32], cost: Double) -> Int {
        columnPerson.append(person)
        columnCost.append(cost)
        addedCost.append(cost)
        columnTasks += tasks
        columnStart.append(columnTasks.count)
        basisPosition.append(-1)
        return columnPerson.count - 1
    }

    /// Makes column `j` cost `cost` from now on (diving bars a person's other rows this way).
    func setCost(ofColumn j: Int, _ cost: Double) { columnCost[j] = cost }

    /// Every column back at the cost it was added with.
    func restoreCosts() { columnCost = addedCost }

    /// The share of column `j` in the present basic solution.
    func value(ofColumn j: Int) -> Double {
        let at = basisPosition[2 * taskCount + j]
        return at < 0 ? 0 : values[Int(at)]
    }

    /// The duals' value on the unperturbed requirements: a lower bound on the unperturbed relaxation (the duals stay
    /// feasible whatever the requirements), equal to it at an optimal basis up to the perturbation.
    var dualBound: Double {
        var total = 0.0
        for i in 0..<rowCount { total += duals[i] * exactRHS[i] }
        return total
    }

    var objective: Double {
        var total = 0.0
        for (k, v) in basis.enumerated() { total += cost(of: v) * values[k] }
        return total
    }

    /// Starts from one column per person (`chosen[p]`) with under- or over-cover taking up each task's balance.
    func start(chosen: [Int]) {
        let t = taskCount
        basisPosition = Array(repeating: -1, count: 2 * t + columnCount)
        var covered = [Double](repeating: 0, count: t)
        for j in chosen { for task in tasks(ofColumn: j) { covered[Int(task)] += 1 } }
        basis = (0..<t).map { covered[$0] <= rhs[$0] ? $0 : t + $0 } + chosen.map { 2 * t + $0 }
        invert()
    }

    /// Pivots until no variable prices out (true) or `maxPivots` is reached (false).
    func solve(maxPivots: Int) -> Bool {
        computeDuals()
        for _ in 0..<maxPivots {
            guard let (entering, reduced) = enteringVariable() else { return true }
            if !pivot(entering: entering, reducedCost: reduced) { return true }  // cannot happen with costs ≥ 0; stop safely
        }
        computeDuals()
        return false
    }

    // MARK: - Simplex steps

    private func cost(of variable: Int) -> Double {
        let t = taskCount
        if variable < t { return underCost[variable] }
        if variable < 2 * t { return overCost[variable - t] }
        return columnCost[variable - 2 * t]
    }

    /// y = c_B B⁻¹ from scratch (the inverse is stored by columns: column i's entries are contiguous).
    func computeDuals() {
        let m = rowCount
        let basicCost = basis.map { cost(of: $0) }
        duals = [Double](repeating: 0, count: m)
        inverse.withUnsafeBufferPointer { inv in
            for i in 0..<m {
                var y = 0.0
                for k in 0..<m { y += basicCost[k] * inv[i * m + k] }
                duals[i] = y
            }
        }
    }

    /// The reduced cost of column `j` under the present duals.
    func reducedCost(ofColumn j: Int) -> Double {
        var d = columnCost[j] - duals[taskCount + Int(columnPerson[j])]
        for task in tasks(ofColumn: j) { d -= duals[Int(task)] }
        return d
    }

    /// Dantzig's rule: the most negative reduced cost. (Devex weights took fewer pivots per solve but led column
    /// generation through several times as many rounds on Curtois 12.)
    private func enteringVariable() -> (Int, Double)? {
        let t = taskCount
        var best = -1, bestCost = -1e-9
        for task in 0..<t {
            let under = underCost[task] - duals[task], over = overCost[task] + duals[task]
            if under < bestCost && basisPosition[task] < 0 { (best, bestCost) = (task, under) }
            if over < bestCost && basisPosition[t + task] < 0 { (best, bestCost) = (t + task, over) }
        }
        for j in 0..<columnCount where basisPosition[2 * t + j] < 0 {
            let d = reducedCost(ofColumn: j)
            if d < bestCost { (best, bestCost) = (2 * t + j, d) }
        }
        return best < 0 ? nil : (best, bestCost)
    }

    /// The rows where `variable`'s column has a coefficient, with it.
    private func entries(of variable: Int) -> [(row: Int, value: Double)] {
        let t = taskCount
        if variable < t { return [(variable, 1)] }
        if variable < 2 * t { return [(variable - t, -1)] }
        let j = variable - 2 * t
        return tasks(ofColumn: j).map { (Int($0), 1.0) } + [(t + Int(columnPerson[j]), 1)]
    }

    private func pivot(entering: Int, reducedCost: Double) -> Bool {
        let m = rowCount
        let column = entries(of: entering)
        alpha = [Double](repeating: 0, count: m)
        inverse.withUnsafeBufferPointer { inv in
            alpha.withUnsafeMutableBufferPointer { alpha in
                for e in column {
                    let base = e.row * m
                    for i in 0..<m { alpha[i] += inv[base + i] * e.value }
                }
            }
        }
        var leave = -1, ratio = Double.infinity, leaveAlpha = 0.0
        for i in 0..<m where alpha[i] > 1e-9 {
            let r = max(0, values[i]) / alpha[i]
            if r < ratio - 1e-12 || (r <= ratio + 1e-12 && alpha[i] > leaveAlpha) { (leave, ratio, leaveAlpha) = (i, r, alpha[i]) }
        }
        guard leave >= 0 else { return false }
        for i in 0..<m { values[i] -= ratio * alpha[i] }
        values[leave] = ratio
        let scale = 1 / alpha[leave]
        // Both the entering column in the basis's terms and the inverse are sparse: update only what is not zero.
        touched.removeAll(keepingCapacity: true)
        for i in 0..<m where alpha[i] != 0 && i != leave { touched.append(i) }
        inverse.withUnsafeMutableBufferPointer { inv in
            alpha.withUnsafeBufferPointer { alpha in
                duals.withUnsafeMutableBufferPointer { y in
                    for c in 0..<m {
                        let base = c * m
                        let p = inv[base + leave] * scale
                        if p == 0 { continue }
                        for i in touched { inv[base + i] -= alpha[i] * p }
                        inv[base + leave] = p
                        // The new duals: y + d_q × (row `leave` of the new inverse).
                        y[c] += reducedCost * p
                    }
                }
            }
        }
        basisPosition[basis[leave]] = -1
        basis[leave] = entering
        basisPosition[entering] = Int32(leave)
        pivotsSinceInversion += 1
        // Rounding errors pile up in the product of updates: start again from the basis now and then.
        if pivotsSinceInversion >= 2000 {
            invert()
            computeDuals()
        }
        return true
    }

    /// The basis inverse from scratch (Gauss–Jordan with partial pivoting), and the basic values from it.
    private func invert() {
        let m = rowCount
        var a = [Double](repeating: 0, count: m * m)
        for (k, v) in basis.enumerated() { for e in entries(of: v) { a[e.row * m + k] = e.value } }
        var inv = [Double](repeating: 0, count: m * m)
        for i in 0..<m { inv[i * m + i] = 1 }
        var nonzero: [Int] = []
        a.withUnsafeMutableBufferPointer { a in
            inv.withUnsafeMutableBufferPointer { inv in
                for c in 0..<m {
                    var p = c
                    for r in c..<m where abs(a[r * m + c]) > abs(a[p * m + c]) { p = r }
                    if p != c {
                        for k in 0..<m { a.swapAt(p * m + k, c * m + k); inv.swapAt(p * m + k, c * m + k) }
                    }
                    let d = a[c * m + c]
                    guard abs(d) > 1e-12 else { continue }  // a singular basis cannot arise from valid pivots
                    let s = 1 / d
                    // The basis is sparse: the pivot row's non-zeros (of [B | I], as one index range 0..<2m).
                    nonzero.removeAll(keepingCapacity: true)
                    for k in c..<m where a[c * m + k] != 0 { a[c * m + k] *= s; nonzero.append(k) }
                    for k in 0..<m where inv[c * m + k] != 0 { inv[c * m + k] *= s; nonzero.append(m + k) }
                    for r in 0..<m where r != c {
                        let f = a[r * m + c]
                        if f == 0 { continue }
                        for k in nonzero {
                            if k < m { a[r * m + k] -= f * a[c * m + k] } else { inv[r * m + k - m] -= f * inv[c * m + k - m] }
                        }
                    }
                }
            }
        }
        // Gauss–Jordan on [B | I] with row swaps yields B⁻¹ directly; it is kept by columns.
        values = (0..<m).map { i in (0..<m).reduce(0.0) { $0 + inv[i * m + $1] * rhs[$1] } }
        inverse = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for c in 0..<m { inverse[c * m + i] = inv[i * m + c] } }
        for (k, v) in basis.enumerated() { basisPosition[v] = Int32(k) }
        pivotsSinceInversion = 0
    }
}
