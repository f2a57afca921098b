/// Readable names for the credential, skill and language codes the core knows, in English and Chinese.
/// Unknown codes are shown as they are.
public enum Vocabulary {
    public static let names: [String: (en: String, zh: String)] = [
        "foodHygiene": ("food-hygiene", "食品卫生"),
        "firstAid": ("first-aid", "急救"),
        "backgroundCheck": ("background-check", "无犯罪记录核查"),
        "socialWorkerCertificate": ("social-worker", "社会工作者职业资格"),
        "math": ("maths", "数学"), "chinese": ("Chinese", "语文"), "english": ("English", "英语"),
        "calligraphy": ("calligraphy", "书法"), "swimming": ("swimming", "游泳"), "haircut": ("haircut", "理发"),
        "zh": ("Chinese", "中文"), "bo": ("Tibetan", "藏语"), "en": ("English", "英语"),
    ]

    public static func en(_ code: String) -> String { code.split(separator: "/").map { names[String($0)]?.en ?? String($0) }.joined(separator: " or ") }
    public static func zh(_ code: String) -> String { code.split(separator: "/").map { names[String($0)]?.zh ?? String($0) }.joined(separator: "或") }
}
