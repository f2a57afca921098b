/// Minimum-cost assignment of rows to distinct columns (rows ≤ columns), by the Hungarian method with potentials,
/// O(rows² · columns). Reuses its buffers between calls, so repeated solves allocate only when a problem grows.
struct MinCostAssignment {
    /// A cost no chosen pair may have: the caller guarantees a finite choice for every row (e.g. a free column).
    static let forbidden = Int64.max / 8

    private var u: [Int64] = [], v: [Int64] = [], way: [Int] = [], minv: [Int64] = [], used: [Bool] = []
    /// Column (1-based) → the row (1-based) it is matched to, 0 when free.
    private var matchedRow: [Int] = []

    /// Row → column of a minimum-cost assignment. `cost(row, column)` is read many times; keep it cheap.
    mutating func solve(rows n: Int, columns m: Int, cost: (Int, Int) -> Int64) -> [Int] {
        precondition(n <= m, "an assignment needs at least as many columns as rows")
        guard n > 0 else { return [] }
        reset(&u, n + 1, 0); reset(&v, m + 1, 0); reset(&way, m + 1, 0); reset(&matchedRow, m + 1, 0)
        for i in 1...n {
            matchedRow[0] = i
            var j0 = 0
            reset(&minv, m + 1, Int64.max); reset(&used, m + 1, false)
            repeat {
                used[j0] = true
                let i0 = matchedRow[j0]
                var delta = Int64.max, j1 = 0
                for j in 1...m where !used[j] {
                    let current = cost(i0 - 1, j - 1) &- u[i0] &- v[j]
                    if current < minv[j] { minv[j] = current; way[j] = j0 }
                    if minv[j] < delta { delta = minv[j]; j1 = j }
                }
                for j in 0...m {
                    if used[j] { u[matchedRow[j]] &+= delta; v[j] &-= delta } else { minv[j] &-= delta }
                }
                j0 = j1
            } while matchedRow[j0] != 0
            repeat {
                let j1 = way[j0]
                matchedRow[j0] = matchedRow[j1]
                j0 = j1
            } while j0 != 0
        }
        var columnOfRow = [Int](repeating: -1, count: n)
        for j in 1...m where matchedRow[j] > 0 { columnOfRow[matchedRow[j] - 1] = j - 1 }
        return columnOfRow
    }

    private func reset<T>(_ a: inout [T], _ count: Int, _ value: T) {
        if a.count == count {
            for k in a.indices { a[k] = value }
        } else {
            a = [T](repeating: value, count: count)
        }
    }
}
