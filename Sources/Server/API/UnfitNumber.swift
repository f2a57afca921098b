import Foundation

/// Finds the field behind Foundation's "The given data was not valid JSON." for a number that is valid JSON but
/// does not fit its field (1e308 or 1.5 where a whole number belongs): that error names no field, so each
/// suspicious number is set to 0 in turn and the body decoded again; the one whose change makes it decode is it.
/// Runs only on a body that already failed.
enum UnfitNumber {
    enum Step { case key(String), index(Int) }

    static func locate<T: Decodable>(_ type: T.Type, in data: Data) -> (field: String, value: String)? {
        guard let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        var suspects: [([Step], Double)] = []
        collect(tree, path: [], into: &suspects)
        for (path, value) in suspects.prefix(64) {
            guard let patched = try? JSONSerialization.data(withJSONObject: replacing(tree, at: path[...]), options: [.fragmentsAllowed]) else { continue }
            if (try? JSONDecoder().decode(type, from: patched)) != nil { return (text(path), String(value)) }
        }
        return nil
    }

    /// Numbers that no whole-number field could hold.
    private static func collect(_ node: Any, path: [Step], into out: inout [([Step], Double)]) {
        guard out.count < 64 else { return }
        switch node {
        case let object as [String: Any]:
            for key in object.keys.sorted() { collect(object[key]!, path: path + [.key(key)], into: &out) }
        case let array as [Any]:
            for (index, item) in array.enumerated() { collect(item, path: path + [.index(index)], into: &out) }
        case is Bool, is String:
            break
        case let number as NSNumber:
            let value = number.doubleValue
            if !value.isFinite || value != value.rounded() || abs(value) >= 9.2e18 { out.append((path, value)) }
        default:
            break
        }
    }

    private static func replacing(_ node: Any, at path: ArraySlice<Step>) -> Any {
        guard let step = path.first else { return 0 }
        switch (step, node) {
        case (.key(let key), var object as [String: Any]):
            object[key] = object[key].map { replacing($0, at: path.dropFirst()) }
            return object
        case (.index(let index), var array as [Any]) where array.indices.contains(index):
            array[index] = replacing(array[index], at: path.dropFirst())
            return array
        default:
            return node
        }
    }

    private static func text(_ path: [Step]) -> String {
        var out = ""
        for step in path {
            switch step {
            case .index(let i): out += "[\(i)]"
            case .key(let k): out += out.isEmpty ? k : ".\(k)"
            }
        }
        return out.isEmpty ? "(document)" : out
    }
}
