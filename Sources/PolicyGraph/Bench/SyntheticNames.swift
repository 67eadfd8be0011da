/// Names the benchmark corpus invents so that the graph keeps growing with the corpus: the
/// organisation or agreement with index `i` always has the same Chinese name, English name
/// and acronym, so bilingual documents mention one entity in both languages, and larger
/// corpora reach further into the index space and so meet organisations smaller ones never saw.
///
/// ```swift
/// let names = SyntheticNames()
/// names.organization(17)   // (zh: "深圳跨境数据研究院", en: "Shenzhen Cross-Border Data Institute", acronym: "SCBDI")
/// ```
public struct SyntheticNames: Sendable {
    public struct Name: Sendable, Hashable {
        public var zh: String
        public var en: String
        public var acronym: String
    }

    // Parallel Chinese/English word lists (generator vocabulary, not a recognition lexicon:
    // the recognisers must find these through suffixes and definitions, never by name).
    static let places: [(String, String)] = [
        ("北京", "Beijing"), ("上海", "Shanghai"), ("天津", "Tianjin"), ("重庆", "Chongqing"), ("广州", "Guangzhou"),
        ("深圳", "Shenzhen"), ("杭州", "Hangzhou"), ("南京", "Nanjing"), ("苏州", "Suzhou"), ("成都", "Chengdu"),
        ("武汉", "Wuhan"), ("西安", "Xi'an"), ("青岛", "Qingdao"), ("厦门", "Xiamen"), ("宁波", "Ningbo"),
        ("合肥", "Hefei"), ("长沙", "Changsha"), ("郑州", "Zhengzhou"), ("济南", "Jinan"), ("沈阳", "Shenyang"),
        ("大连", "Dalian"), ("哈尔滨", "Harbin"), ("长春", "Changchun"), ("昆明", "Kunming"), ("南宁", "Nanning"),
        ("海口", "Haikou"), ("福州", "Fuzhou"), ("贵阳", "Guiyang"), ("兰州", "Lanzhou"), ("石家庄", "Shijiazhuang"),
        ("太原", "Taiyuan"), ("南昌", "Nanchang"), ("珠海", "Zhuhai"), ("东莞", "Dongguan"), ("佛山", "Foshan"),
        ("无锡", "Wuxi"), ("温州", "Wenzhou"), ("烟台", "Yantai"), ("粤港澳", "Greater Bay"), ("长三角", "Yangtze Delta"),
        ("京津冀", "Jing-Jin-Ji"), ("成渝", "Chengdu-Chongqing"), ("环渤海", "Bohai Rim"), ("亚太", "Asia-Pacific"),
        ("中欧", "China-Europe"), ("中非", "China-Africa"), ("澜湄", "Lancang-Mekong"), ("北欧", "Nordic"),
        ("波罗的海", "Baltic"), ("安第斯", "Andean"), ("加勒比", "Caribbean"), ("萨赫勒", "Sahel"), ("海湾", "Gulf"),
        ("巴尔干", "Balkan"), ("多瑙河", "Danube"), ("阿尔卑斯", "Alpine"), ("太平洋", "Pacific"), ("大西洋", "Atlantic"),
        ("印度洋", "Indian Ocean"), ("地中海", "Mediterranean"),
    ]
    static let topics: [(String, String)] = [
        ("数字经济", "Digital Economy"), ("数字贸易", "Digital Trade"), ("跨境数据", "Cross-Border Data"),
        ("人工智能", "Artificial Intelligence"), ("网络安全", "Cybersecurity"), ("数据治理", "Data Governance"),
        ("电子商务", "E-Commerce"), ("金融科技", "Fintech"), ("智能制造", "Smart Manufacturing"),
        ("供应链", "Supply Chain"), ("区块链", "Blockchain"), ("云计算", "Cloud Computing"), ("物联网", "Internet of Things"),
        ("工业互联网", "Industrial Internet"), ("数字金融", "Digital Finance"), ("知识产权", "Intellectual Property"),
        ("标准化", "Standardisation"), ("信息通信", "ICT"), ("软件服务", "Software Services"), ("新能源", "New Energy"),
        ("绿色发展", "Green Growth"), ("智慧城市", "Smart Cities"), ("数字政府", "Digital Government"),
        ("隐私保护", "Privacy Protection"), ("算法治理", "Algorithm Governance"), ("平台经济", "Platform Economy"),
        ("服务贸易", "Services Trade"), ("开放数据", "Open Data"), ("半导体", "Semiconductor"), ("海洋经济", "Ocean Economy"),
    ]
    static let organizationSuffixes: [(String, String)] = [
        ("研究院", "Institute"), ("协会", "Association"), ("委员会", "Council"), ("研究中心", "Research Centre"),
        ("联盟", "Alliance"), ("促进会", "Promotion Association"), ("基金会", "Foundation"), ("发展中心", "Development Centre"),
        ("学会", "Society"), ("商会", "Chamber of Commerce"), ("智库", "Think Tank"), ("实验室", "Laboratory"),
    ]
    static let agreementKinds: [(String, String)] = [
        ("合作协定", "Cooperation Agreement"), ("伙伴关系协定", "Partnership Agreement"), ("合作备忘录", "Memorandum of Understanding"),
        ("框架协议", "Framework Agreement"), ("合作宪章", "Charter"), ("互认安排", "Mutual Recognition Arrangement"),
        ("联合声明", "Joint Statement"), ("行动计划", "Action Plan"),
    ]

    public init() {}

    public var organizationCount: Int { Self.places.count * Self.topics.count * Self.organizationSuffixes.count }
    public var agreementCount: Int { Self.places.count * Self.places.count * Self.topics.count * Self.agreementKinds.count }

    /// Organisation `i` (taken modulo `organizationCount`). The index is scattered over the
    /// name space so that neighbouring indices differ in every word.
    public func organization(_ i: Int) -> Name {
        let n = (i &* 7919) % organizationCount
        let p = Self.places[n % Self.places.count]
        let t = Self.topics[(n / Self.places.count) % Self.topics.count]
        let s = Self.organizationSuffixes[n / (Self.places.count * Self.topics.count)]
        let en = "\(p.1) \(t.1) \(s.1)"
        return Name(zh: p.0 + t.0 + s.0, en: en, acronym: Self.acronym(en))
    }

    /// Agreement `i`: between two places on one topic (`中欧数字贸易合作协定`).
    public func agreement(_ i: Int) -> Name {
        let n = (i &* 104_729) % agreementCount
        let places = Self.places.count
        let a = Self.places[n % places]
        var b = Self.places[(n / places) % places]
        if a == b { b = Self.places[(n / places + 1) % places] }
        let t = Self.topics[(n / (places * places)) % Self.topics.count]
        let k = Self.agreementKinds[(n / (places * places * Self.topics.count)) % Self.agreementKinds.count]
        let en = "\(a.1)–\(b.1) \(t.1) \(k.1)"
        return Name(zh: a.0 + b.0 + t.0 + k.0, en: en, acronym: Self.acronym(en))
    }

    /// A topic as both languages write it, for titles and template sentences.
    public func topic(_ i: Int) -> (zh: String, en: String) { Self.topics[i % Self.topics.count] }
    public var topicCount: Int { Self.topics.count }

    /// Initials of the capitalised words (`Nordic Data Governance Council` → `NDGC`).
    static func acronym(_ name: String) -> String {
        var out = ""
        var atWordStart = true
        for s in name.unicodeScalars {
            if s == " " || s == "-" || s == "–" {
                atWordStart = true
            } else {
                if atWordStart, s.properties.isUppercase { out.unicodeScalars.append(s) }
                atWordStart = false
            }
        }
        return out
    }
}
