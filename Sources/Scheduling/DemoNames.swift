/// Common Chinese surnames and given-name characters, for believable demo people (the week generator and the
/// plugins' demo weeks).
public enum DemoNames {
    public static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    public static let givenChars = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国红梅玉兰志文斌辉鹏飞雪琳晓东海波宁佳慧颖婷倩思雨欣怡浩宇子轩梓涵一诺嘉懿").map(String.init)
    public static let tibetanNames = ["次仁卓玛", "扎西顿珠", "格桑梅朵", "索朗旺姆", "达瓦次仁", "拉巴卓嘎", "尼玛扎西", "央金拉姆"]
    public static let communities = ["锦华社区", "玉林社区", "望江社区", "沙河社区", "双林社区", "猛追湾社区", "府南社区", "新鸿社区"]
    public static let elders = ["独居老人", "高龄老人", "失能老人"]
}

extension DemoNames {
    /// A seeded Chinese name: one in twenty Tibetan, the rest a surname and one or two given characters.
    public static func name(_ rng: inout RandomSource, tibetan: Bool = false) -> String {
        if tibetan { return tibetanNames[rng.below(tibetanNames.count)] }
        return surnames[rng.below(surnames.count)] + givenChars[rng.below(givenChars.count)]
            + (rng.below(2) == 0 ? givenChars[rng.below(givenChars.count)] : "")
    }
}
