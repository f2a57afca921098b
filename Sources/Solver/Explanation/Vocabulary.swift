import Scheduling

/// Readable names for credential, skill and language codes, in English and Chinese: the core's own and those
/// a model's plugins add. Unknown codes are shown as they are.
public struct Vocabulary: Sendable {
    public static let core: [String: Words] = [
        "foodHygiene": Words(en: "food-hygiene", zh: "食品卫生"),
        "firstAid": Words(en: "first-aid", zh: "急救"),
        "backgroundCheck": Words(en: "background-check", zh: "无犯罪记录核查"),
        "socialWorkerCertificate": Words(en: "social-worker", zh: "社会工作者职业资格"),
        "math": Words(en: "maths", zh: "数学"), "chinese": Words(en: "Chinese", zh: "语文"), "english": Words(en: "English", zh: "英语"),
        "calligraphy": Words(en: "calligraphy", zh: "书法"), "swimming": Words(en: "swimming", zh: "游泳"),
        "haircut": Words(en: "haircut", zh: "理发"),
        "zh": Words(en: "Chinese", zh: "中文"), "bo": Words(en: "Tibetan", zh: "藏语"), "en": Words(en: "English", zh: "英语"),
    ]

    private let names: [String: Words]

    public init(extra: [String: Words] = [:]) {
        names = extra.isEmpty ? Self.core : Self.core.merging(extra) { _, plugin in plugin }
    }

    public func en(_ code: String) -> String { code.split(separator: "/").map { names[String($0)]?.en ?? String($0) }.joined(separator: " or ") }
    public func zh(_ code: String) -> String { code.split(separator: "/").map { names[String($0)]?.zh ?? String($0) }.joined(separator: "或") }
}
