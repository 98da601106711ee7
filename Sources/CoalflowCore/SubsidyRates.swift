/// The subsidy rates of one program year (补贴标准): 2021 pays 300 yuan per ton of clean coal and
/// 400 yuan per stove. The rates belong to the year, never to the code.
public struct SubsidyRates: Sendable, Hashable {
    public let coalPerTon: Fen
    public let perStove: Fen

    public init(coalPerTon: Fen, perStove: Fen) {
        self.coalPerTon = coalPerTon
        self.perStove = perStove
    }

    /// coal tons × coal rate + stoves × stove rate. The coal part is exact whenever the rate is a whole
    /// number of fen per kilogram (300 yuan/t is 30 fen/kg); otherwise it is rounded half up to the fen.
    public func subsidy(coal: Tons, stoves: Int) -> Fen {
        let coalFen = (coal.thousandths * coalPerTon.value + 500) / 1000
        return Fen(coalFen + Int64(stoves) * perStove.value)
    }
}
