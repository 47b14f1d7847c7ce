//! The one string catalogue of the app, Chinese first and English second.
//!
//! Fixed strings are keys of [`K`] (one line each: key, Chinese, English); strings with
//! values are functions below it. Numbers are formatted by the core (`redress::format`)
//! in the worker; the functions here only add the unit of the language (`15,520.15 元`,
//! `¥15,520.15`). Messages of the core itself come in the requested language already
//! (`Options::lang`).

use redress::{Kind, Lang, Method, tr};

macro_rules! catalogue {
    ($($key:ident: $zh:literal, $en:literal;)*) => {
        /// A fixed string of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum K { $($key,)* }

        impl K {
            /// Every key (for the catalogue's own tests).
            pub const ALL: &'static [K] = &[$(K::$key,)*];

            /// The text in a language.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((K::$key, Lang::Zh) => $zh, (K::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

/// The text of a key in a language.
pub fn t(lang: Lang, key: K) -> &'static str {
    key.text(lang)
}

catalogue! {
    AppName: "虚假陈述损失计算", "securities misstatement losses";
    Tagline: "粘贴或拖入交割单，在您自己的浏览器里估算可获赔偿金额。交易数据不会离开您的设备。",
        "Paste or drop your brokerage statement and estimate your compensation in your own browser. Your trades never leave this device.";
    LangToggle: "English", "中文";
    LangToggleLabel: "Switch to English", "切换到中文";
    Steps: "步骤", "Steps";
    StepCase: "选择案件", "Case";
    StepTrades: "交易记录", "Trades";
    StepReview: "核对", "Review";
    StepResult: "结果", "Result";
    Next: "下一步", "Next";
    Back: "上一步", "Back";
    Privacy: "隐私：所有计算都在本机浏览器中完成，您的交易和填写的内容不会离开本设备。计算程序、Excel 读取程序和各案件的公开行情数据是本站自己的文件，第一次需要时下载；浏览器支持时，页面载入后还会在后台把本站的全部文件（包括这些）保存到本设备，以便断网时使用。除此之外，页面加载后不再发出任何网络请求。",
        "Privacy: everything is computed in this browser; your trades and what you enter never leave this device. The calculator, the Excel reader and the cases' public market data are this site's own files, downloaded the first time they are needed; where the browser can, the page also saves all of this site's files (these included) on this device once it has loaded, so that it works offline. Apart from them, the page makes no network request after loading.";
    // Offline (the loader's state, README "Install / offline")
    OfflineSaving: "正在把本站的文件保存到本设备，以便断网时使用……", "Saving this site's files on this device, to work offline…";
    OfflineReady: "已可离线使用：断网时也能打开本页并计算。", "Ready to work offline: this page opens and computes without a network.";
    OfflineUpdate: "已可离线使用。新版本已下载，重新载入本页即可使用（请先关闭本站的其他页面）。",
        "Ready to work offline. A new version has been downloaded: reload this page to use it (close this site's other pages first).";
    OfflineReload: "重新载入", "Reload";
    OfflineFailed: "未能把本站的文件保存到本设备（网络中断或空间不足），暂不能离线使用；下次打开本页时会再试。",
        "This site's files could not be saved on this device (the network dropped or space ran out), so it does not work offline yet; it tries again the next time this page opens.";
    SampleBanner: "这是示例交易在所选案件下的计算结果（交易均为虚构）。", "This is the result of the sample trades under the chosen case (the trades are made up).";
    DemoBanner: "这是演示案件和示例交易的计算结果（数字均为虚构）。",
        "This is the result for the demo case and sample trades (all numbers are made up).";
    DemoStart: "开始计算我自己的", "Start with my own";
    SampleOutside: "示例交易（虚构，2021 年）不在本案的实施日至揭露日期间，在本案下没有可索赔的股份，所以算不出金额；这与您自己的情况无关。请添加您自己的交易记录来计算。",
        "The sample trades (made up, in 2021) are not in this case's period, from its implementation date to its disclosure date: under this case they have no eligible shares, so there is no amount, which says nothing about yours. Add your own trades to compute.";
    SampleNoAmount: "示例交易不在本案期间，没有金额", "The sample trades are outside this case's period: no amount";
    // Case step
    CaseHeading: "1. 选择案件", "1. Choose the case";
    CaseIntro: "选择您持股公司的案件。参数来自公开的先行赔付方案或判决；每个参数都标明是否已公布。",
        "Choose the case of the company you held. Parameters come from published advance-payment schemes or judgments; each one says whether it was published.";
    CaseSearch: "搜索案件（名称、代码或拼音首字母）", "Search cases (name, code or initials)";
    CaseNone: "没有找到匹配的案件。您可以选择“自定义案件”，自行输入日期和规则。",
        "No case matches. Choose “Custom case” to enter the dates and rules yourself.";
    CaseCustom: "自定义案件", "Custom case";
    CaseCustomHint: "输入实施日、揭露日、基准日与基准价等参数", "Enter the dates, base price and rules yourself";
    CaseSelected: "已选择", "Selected";
    CaseChoose: "选择", "Choose";
    CaseExample: "示例", "Example";
    CaseParams: "案件参数", "Case parameters";
    CaseSources: "来源", "Sources";
    SourceWeak: "转载或非官方来源，未经核实", "reprint or unofficial source, not verified";
    SourceOfficial: "官方", "official";
    SourceUnlinked: "（未经审核的网站，不提供链接）", "(a site not reviewed: not linked) ";
    // Custom form
    FormHeading: "自定义案件参数", "Custom case parameters";
    FormIntro: "带 * 的为必填项。基准日和基准价可以留空，此时需要粘贴行情数据，由行情计算。",
        "Fields marked * are required. Leave the base date and price empty to compute them from pasted market data.";
    FormName: "案件名称", "Case name";
    FormSecurity: "证券代码 *", "Security code *";
    FormRegime: "适用规定", "Provisions";
    FormDirection: "虚假陈述类型", "Kind of misstatement";
    FormT0: "实施日 T0 *", "Implementation date T0 *";
    FormT1: "揭露日 T1 *", "Disclosure date T1 *";
    FormTb: "基准日 Tb", "Base date Tb";
    FormLastTrading: "最后交易日（已退市时填写）", "Last trading day (if delisted)";
    FormPb: "基准价 Pb（元）", "Base price Pb (yuan)";
    FormMethod: "买入均价计算方法", "Buy-average method";
    FormNetting: "盈亏相抵", "Offsetting the two parts";
    FormCommission: "佣金费率", "Commission rate";
    FormStamp: "印花税率（留空按基准日法定税率）", "Stamp duty rate (empty: statutory at Tb)";
    FormFeesOn: "税费计算基数", "Fees computed on";
    FormNonSystemic: "非系统风险扣除比例", "Non-systemic deduction ratio";
    FormMin: "最低赔偿比例", "Minimum compensation ratio";
    FormInterest: "利率（留空：2003 年规定按同期活期存款利率；或填年利率，如 0.0035）", "Interest rate (empty: under the 2003 provisions, the demand-deposit rate of each period; or a yearly rate such as 0.0035)";
    FormInterestPrincipal: "计息本金", "Interest is charged on";
    FormDaysPerYear: "一年按多少天计息", "Days in an interest year";
    InterestComparison: "利息算法的影响", "What the interest conventions change";
    InterestComparisonIntro: "2003 年规定第三十条的利息：按本案的买入均价方法，比较计息本金是否含佣金和印花税、一年按 360 天或 365 天计，赔偿金额各是多少。", "Interest under 2003 Art. 30: with this result's buy-average method, what the compensation is when interest is charged on the loss with or without its fees, and over a 360- or 365-day year.";
    DepositTable: "同期活期存款基准利率（分段）", "demand-deposit rate of each period";
    FormSystemic: "系统风险扣除方法", "Systemic-risk method";
    SysUnchosen: "（未选择）", "(not chosen)";
    FormSystemicRatio: "固定扣除比例", "Fixed ratio";
    FormIndices: "参考指数代码（逗号分隔）", "Reference index codes (comma-separated)";
    FormScale: "系统风险扣除的适用比例（减半为 0.5）", "Share of the systemic deduction applied (0.5 = halved)";
    FormDividends: "现金红利调整此前的价格", "Cash dividends adjust earlier prices";
    FormMarket: "日行情（可选）：日期、收盘价、成交量，以及流通股本（可以在市场上买卖的股份总数）；行情软件导出的日线可直接粘贴", "Daily bars (optional): date, close, volume and the tradable shares (the float: the shares that can be bought and sold on the market); a day-bar export from trading software can be pasted as it is";
    FormIndexData: "指数收盘点位（可选）：日期、指数代码、收盘点位", "Index closes (optional): date, index code, close";
    RatePlaceholder: "如 0.03% 或 万分之三", "such as 0.03%";
    StampPlaceholder: "如 0.1% 或 千分之一", "such as 0.1%";
    InterestPlaceholder: "如 0.35%", "such as 0.35%";
    SharePlaceholder: "如 30%", "such as 30%";
    ScalePlaceholder: "如 50%（减半）", "such as 50% (halved)";
    // Trades step
    TradesHeading: "2. 交易记录", "2. Your trades";
    TradesIntro: "拖入或选择券商导出的交割单（每个文件视为一个账户），或直接粘贴。支持 CSV、文本、Excel（.xls/.xlsx）和 HTML 导出，任何编码（包括 GBK）。",
        "Drop or choose the statements your broker exported (each file is one account), or paste them. CSV, text, Excel (.xls/.xlsx) and HTML exports work, in any encoding (GBK included).";
    DropHere: "把文件拖到这里，或", "Drop files here, or";
    ChooseFiles: "选择文件", "choose files";
    DropHint: "文件只在本机读取，不会上传。", "Files are read on this device only, never uploaded.";
    PasteLabel: "粘贴的交易记录", "Pasted trades";
    PasteHint: "从券商软件里复制交割单或历史成交（连同表头一行），粘贴到这里", "Copy your statement or trade history from your broker's software (with its header line) and paste it here";
    AddPaste: "再粘贴一个账户", "Paste another account";
    AddFirstPaste: "粘贴一个账户", "Paste an account";
    Remove: "移除", "Remove";
    Inputs: "已添加的账户", "Accounts added";
    NoInputs: "还没有交易记录。", "No trades yet.";
    ClearAll: "全部清除", "Clear all";
    UseSample: "载入示例交易", "Load the sample trades";
    GuideSummary: "怎样从券商软件导出交割单？", "How do I export my statement from my broker's software?";
    GuideIntro: "每个账户导出一份“交割单”（或“历史成交”），时间从您第一次买入这只股票起，到基准日之后；然后把文件拖到上面，或打开文件复制全部内容粘贴进来。菜单名称因券商和版本略有不同。", "Export one statement (交割单, or 历史成交) per account, from your first purchase of the stock to after the base date; then drop the file above, or open it and paste everything. Menu names differ a little between brokers and versions.";
    GuideThs: "同花顺（电脑版下单程序）：左侧「查询」→「交割单」，选好起止日期点「查询」，再点「输出」（或在表格上点右键 →「导出数据」），存为 Excel 或文本。", "同花顺 (desktop trading): 查询 → 交割单 on the left, choose the dates and press 查询, then 输出 (or right-click the table → 导出数据), and save as Excel or text.";
    GuideTdx: "通达信（多数券商的电脑版“网上交易”）：「查询」→「交割单」（有的版本叫「历史成交」），选日期后「查询」，点「输出」→ 选“Excel 文件”或“文本文件”。", "通达信 (most brokers' desktop trading): 查询 → 交割单 (历史成交 in some versions), choose the dates, 查询, then 输出 → Excel or text file.";
    GuideEastmoney: "东方财富（电脑版交易）：「交易」→「查询」→「交割单」，选择时间范围后点「导出」。", "东方财富 (desktop trading): 交易 → 查询 → 交割单, choose the period, then 导出.";
    GuideBrokerApps: "华泰（涨乐财富通）、招商（智远一户通）、中信（信e投）等券商的电脑版：「查询」→「交割单」或「历史成交」→「输出/导出」。手机 App 里在「交易」→「查询」→「交割单」或「历史成交」可以看到同样的记录，但大多不能导出文件：请用电脑版导出，或在手机上选中全部记录复制后粘贴到这里，也可以在第 3 步“手工添加一行”。", "华泰 (涨乐财富通), 招商 (智远一户通), 中信 (信e投) and other brokers' desktop software: 查询 → 交割单 or 历史成交 → 输出/导出. Their phone apps show the same records under 交易 → 查询 → 交割单 or 历史成交 but mostly cannot export a file: export from the desktop software, or select and copy the records on the phone and paste them here, or add them on step 3 with “Add a row by hand”.";
    GuideCsdc: "找不到交割单时：中国结算的“投资者服务”（网站或 App）可以查到“证券持有变更”记录，复制后粘贴到这里；也可以向开户营业部申请历史对账单。", "If you cannot find a statement: CSDC's investor service (website or app) shows your 证券持有变更 (changes of holdings); copy and paste them here. Your broker's branch can also give you past statements.";
    HintSecurity: "6 位数字，见交割单的“证券代码”列。", "Six digits: the “证券代码” column of your statement.";
    HintT0: "虚假陈述第一次出现的那天（如虚假财报的公告日）；见证监会的行政处罚决定书或法院判决书。", "The day the misstatement was first made (e.g. when the false report was published): see the CSRC's penalty decision or the judgment.";
    HintT1: "虚假陈述第一次被揭露的那天（如立案调查公告日）；见判决书或先行赔付方案的公告。", "The day the misstatement was first revealed (e.g. the announcement of the investigation): see the judgment or the advance-payment scheme.";
    HintTb: "揭露日后累计换手率达到 100% 的那天（最多第 30 个交易日）；见方案或判决书。不知道就留空，在下面粘贴日行情由计算器算出。", "The day cumulative turnover reached 100% after the disclosure date (at most the 30th trading day): see the scheme or judgment. Leave it empty and paste daily bars below to have it computed.";
    HintPb: "揭露日到基准日每日收盘价的平均数；见方案或判决书，或留空由日行情算出。", "The mean of the closes from the disclosure date to the base date: see the scheme or judgment, or leave it empty to compute it from daily bars.";
    HintLastTrading: "只有已退市的股票才填：最后一个交易日，见交易所的终止上市公告。", "Only for a delisted security: its last trading day, in the exchange's delisting announcement.";
    HintCommission: "您账户的佣金比例：见券商 App 的账户信息，或用交割单上的佣金 ÷ 成交金额；常见为万分之一到万分之三。", "Your account's commission rate: in your broker app's account details, or the commission ÷ the amount on your statement; usually 0.01% to 0.03%.";
    HintStamp: "留空即按基准日的法定税率（卖出时收取：2008-09-19 起 0.1%，2023-08-28 起 0.05%）。", "Leave empty for the statutory rate at the base date (on sales: 0.1% from 2008-09-19, 0.05% from 2023-08-28).";
    // Review step
    ReviewHeading: "3. 核对交易", "3. Review the trades";
    ReviewIntro: "每一行都显示是否被采用；被拒绝的行不计入结果，可在此修正。", "Every row shows whether it was used; rejected rows are left out of the result until you fix them here.";
    FilterLabel: "显示", "Show";
    FilterAttention: "采用的和需处理的", "Used and needing attention";
    FilterAll: "全部", "All";
    FilterUsed: "采用", "Used";
    FilterIgnored: "忽略", "Ignored";
    FilterRejected: "拒绝", "Rejected";
    FilterEdited: "手工修改", "Edited";
    StatusUsed: "采用", "used";
    StatusIgnored: "忽略", "ignored";
    StatusRejected: "拒绝", "rejected";
    Edited: "已修改", "edited";
    ColFile: "来源", "Source";
    ColRow: "行", "Row";
    ColStatus: "状态", "Status";
    ColDate: "日期", "Date";
    ColTime: "时间", "Time";
    ColAccount: "账户", "Account";
    ColKind: "类型", "Kind";
    ColQuantity: "数量", "Quantity";
    ColPrice: "价格", "Price";
    ColWhy: "说明", "Why";
    ColAction: "操作", "Action";
    Fix: "修改", "Fix";
    Exclude: "排除", "Exclude";
    Restore: "恢复", "Restore";
    Save: "保存", "Save";
    Cancel: "取消", "Cancel";
    AddRow: "手工添加一行", "Add a row by hand";
    EditRow: "修改这一行", "Fix this row";
    NewRow: "添加一行", "Add a row";
    ChooseKind: "（请选择）", "(choose)";
    BusinessRead: "文件中写的是", "The file says";
    AddedByHand: "手工录入", "Added by hand";
    OpeningHeading: "在记录开始之前，您是否已经持有这只股票？", "Did you hold this stock before your history starts?";
    OpeningNo: "没有，记录从零开始", "No, the history starts from zero";
    OpeningYes: "有，持有股数：", "Yes, this many shares:";
    OpeningAuto: "不确定：按记录推算", "Not sure: infer from the history";
    OpeningShares: "记录开始之前已持有的股数", "Shares held before the history";
    OpeningBad: "请填写整数股数，例如 500", "Enter a whole number of shares, such as 500";
    OpeningNote: "实施日前持有的股份不可索赔，但会影响之后卖出的是哪些股份（先进先出）。", "Shares held before T0 are never eligible, but they decide which shares later sells took (first in, first out).";
    PageOf: "页", "page";
    Prev: "上一页", "Previous";
    NextPage: "下一页", "Next";
    RowsRejectedBanner: "有被拒绝的行未计入结果。", "Some rows were rejected and are not in the result.";
    GoReview: "去“核对”修改", "Fix them in the review";
    // Result step
    ResultHeading: "4. 估算结果", "4. The estimate";
    Compensation: "预计可获赔偿金额", "Estimated compensation";
    UpperBound: "（上限）", " (upper bound)";
    ResultFor: "案件", "Case";
    MethodUsed: "买入均价方法", "Buy-average method";
    Breakdown: "计算明细", "Breakdown";
    Segment: "分段", "Segment";
    Parts: "损失的两部分", "The two parts of the loss";
    PartName: "部分", "Part";
    PartShares: "股数", "Shares";
    PartExit: "退出价格", "Exit price";
    PartLoss: "损失", "Loss";
    PartRatio: "系统风险比例", "Systemic ratio";
    PartRatioScaled: "系统风险比例 × 扣除的适用比例", "Systemic ratio × share of it applied";
    PartDeduction: "系统风险扣除", "Systemic deduction";
    Explanation: "逐步说明", "Step by step";
    ExplanationIntro: "每一步都写出了全部数字和所依据的条文，可以逐一手算核对。", "Every step writes out its numbers and the provision it applies, so you can redo it by hand.";
    Authority: "依据", "Authority";
    TradesTable: "逐笔交易", "Trade by trade";
    TradesTableIntro: "每一笔交易所处的阶段、进入的持仓层，以及卖出时取自哪一层（先进先出）。", "The period of every trade, the layer a purchase went to, and which layers each sell took from (first in, first out).";
    ColPhase: "阶段", "Period";
    ColLayer: "层", "Layer";
    ColEligible: "可索赔持仓变动", "Eligible change";
    ColTook: "卖出取自", "Sell took";
    ColCounted: "计入卖出部分", "Counted as sold";
    ColNote: "备注", "Note";
    Comparison: "不同方法的比较", "Method comparison";
    ReconcileHeading: "核对您收到的赔付金额", "Check the amount you were offered";
    ReconcileIntro: "基金或法院给出的金额与这里不同？输入您收到的金额（以及通知书上的其他数字，如有），这里会试算本案没有公布或有争议的各种算法组合，找出能得出该金额的那几种，并说明与本页算法的差别和依据。", "Offered a different amount by the fund or the court? Enter it (and any other figure of the offer letter): every combination of the choices this case leaves open or disputed is computed, and those that give that amount are shown, with how they differ from this page and on what basis.";
    ReconcileAmount: "收到的金额（元）", "Amount offered (yuan)";
    ReconcileDetails: "通知书上的其他数字（选填）", "Other figures of the offer letter (optional)";
    ReconcileEligible: "可索赔股数", "Eligible shares";
    ReconcileBuyAverage: "买入均价（元）", "Buy average (yuan)";
    ReconcileLoss: "投资差额损失（元）", "Investment loss (yuan)";
    ReconcileRatio: "系统风险扣除比例", "Systemic deduction ratio";
    ReconcileButton: "核对", "Check";
    ReconcileBusy: "正在试算各种算法组合……", "Computing every combination of choices…";
    ReconcileFound: "能得出该金额的算法", "Choices that give this amount";
    ReconcileFoundIntro: "按改动已公布数值的多少排列，改动最少的在前。", "Fewest published values changed first.";
    ReconcileSame: "与本页算法相同", "The same as this page's choices";
    ReconcileNone: "所试的组合都得不出该金额。最接近的几种：", "None of the combinations tried gives this amount. The nearest:";
    ReconcileZero: "收到的金额为 0：通常表示基金或法院认定这些交易不符合赔偿条件（如不在买入期间内买入、揭露日前已全部卖出，或扣除后没有损失），而不是扣除了全部损失。请看通知书上写明的理由。", "An offer of 0 usually means the fund or the court found these trades not eligible (bought outside the window, all sold before the disclosure date, or no loss left after deductions), not a deduction of the whole loss. See the reason the notice gives.";
    ReconcileSameMore: "另有 {} 种组合得出同一金额", "and {} other combinations give the same amount";
    ReconcileSameIntro: "在上面的改动之外，再改动下列任一组选择，金额不变：这些选择对您的交易没有影响。", "Any of these choices as well leaves the amount unchanged: they make no difference for your trades.";
    ReconcileRatioExact: "但按固定比例扣除系统风险时，恰好得出该金额的比例：", "But a fixed systemic deduction gives this amount exactly: ";
    ReconcileRatioNear: "按固定比例扣除系统风险时，最接近该金额的比例：", "The fixed systemic deduction that comes nearest: ";
    ReconcilePublished: "（改动了已公布的值）", " (changes a published value)";
    ReconcileSearched: "共试算的组合数：", "Combinations computed: ";
    ReconcileNoResult: "先得出一个结果，才能核对。", "A result is needed before checking an offer.";
    WhatIfHeading: "有争议的选择各值多少", "What each contested choice is worth";
    WhatIfIntro: "每次只换一项选择、其余按本页算法时，赔偿金额会是多少；影响最大的在前。", "The compensation if only one choice changed and the rest stayed as on this page; the largest effect first.";
    WhatIfChoice: "选择", "Choice";
    WhatIfCurrent: "本页", "This page";
    WhatIfOther: "换成", "Instead";
    ComparisonIntro: "法律没有规定“买入均价”的算法，不同法院和方案的选择不同。下表用同一份交易比较四种方法，以及是否扣除本案的风险因素。",
        "The law does not define the buy average, and courts and schemes choose differently. This table applies the four methods to the same trades, with and without the case's deductions.";
    ColMethod: "方法", "Method";
    ColLoss: "投资差额损失", "Investment loss";
    ColWith: "扣除后赔偿", "With deductions";
    ColWithout: "不扣除赔偿", "Without deductions";
    Range: "范围", "Range";
    Current: "当前", "shown";
    CaseDefault: "本案方法", "case's method";
    UseMethod: "用此方法", "Use";
    Chart: "交易与价格走势", "Trades and prices";
    ChartTrades: "买卖与持股", "Trades and holding";
    ChartPriceAxis: "价格（元）", "Price (yuan)";
    ChartHoldingAxis: "持股（股）", "Holding (shares)";
    ChartDateAxis: "日期", "Date";
    ChartBuy: "买入", "Buy";
    ChartSell: "卖出", "Sell";
    ChartClose: "收盘价", "Close";
    ChartIndex: "指数（按比例）", "Index (rescaled)";
    ChartHoldings: "持仓", "Holding";
    Parameters: "案件参数及其来源", "Case parameters and where they come from";
    ParamName: "参数", "Parameter";
    ParamValue: "取值", "Value";
    ParamStatus: "状态", "Status";
    ParamNote: "说明", "Note";
    StPublished: "已公布", "published";
    StUnverified: "未核实", "unverified";
    StAssumed: "假定", "assumed";
    StUnknown: "未公布", "not published";
    StComputed: "由公开行情数据计算", "computed from public market data";
    StUser: "您填写的", "entered by you";
    StExample: "示例", "example";
    StDefault: "默认值", "default";
    RulesUsed: "实际使用的规则", "Rules used";
    Warnings: "提示", "Notes";
    NoWarnings: "没有需要注意的提示。", "Nothing to note.";
    Export: "导出与分享", "Export and share";
    ExportJson: "下载结果（JSON）", "Download the result (JSON)";
    ExportCsv: "下载整理后的交易（CSV）", "Download the normalised trades (CSV)";
    Print: "打印报告", "Print the report";
    PrintPageOnly:
        "此处只打印屏幕上这一页的交易；点“打印报告”可打印全部交易。",
        "Only the page of trades shown on screen is printed here; use “Print the report” to print them all.";
    ShareLink: "复制分享链接", "Copy a share link";
    ShareNote: "分享链接只包含案件和规则参数，从不包含您的交易。", "A share link carries the case and the rules, never your trades.";
    Copied: "链接已复制。", "Link copied.";
    CopyFailed: "无法自动复制，请手动复制下面的链接：", "Copying failed; copy this link by hand:";
    LinkApplied: "已按链接设置案件和规则。链接中没有交易记录，请添加您自己的。", "The link set the case and rules. It carries no trades: add your own.";
    Disclaimer: "本结果是按公开规则所作的估算，不构成法律意见。实际赔偿以先行赔付方案或法院的认定为准。",
        "This is an estimate under published rules, not legal advice. The actual compensation is what the scheme or the court determines.";
    NoResult: "还不能计算", "No estimate yet";
    Busy: "正在计算…", "Computing…";
    Booting: "正在加载计算程序…", "Loading the calculator…";
    BootingSlow: "计算程序仍在加载（约 350 KB，网络慢时需要几十秒）。您填写的内容都在，加载完就会计算；如果网络已断开，请恢复后点“重新加载计算程序”。", "The calculator is still loading (about 350 KB; on a slow connection this takes tens of seconds). What you entered is kept and is computed as soon as it has loaded; if the connection dropped, reconnect and press “Load the calculator again”.";
    WorkerUnavailable: "计算程序无法加载（网络可能已断开）。您填写的内容都还在：恢复网络后点“重新加载计算程序”。", "The calculator could not be loaded (the connection may have dropped). What you entered is all still here: once you are back online, press “Load the calculator again”.";
    WorkbookUnavailable: "Excel 读取程序无法加载（网络可能已断开），工作簿文件还没有读取。恢复网络后请移除该文件再重新添加；也可以在券商软件里把交割单另存为 CSV 或文本。", "The Excel reader could not be loaded (the connection may have dropped), so the workbook was not read. Once you are back online, remove the file and add it again; or save the statement as CSV or text in your broker's software.";
    RetryWorker: "重新加载计算程序", "Load the calculator again";
    StageReading: "读取交易记录", "Reading the trades";
    StageComputing: "计算赔偿", "Computing the estimate";
    StageComparing: "比较不同方法", "Comparing the methods";
    StageCaseData: "正在载入本案的公开行情数据（本网站自己的文件，只载入一次）", "Loading this case's public market data (this site's own files, once)";
    StagePresenting: "整理结果", "Preparing the result";
    // Remember
    Remember: "在本设备上记住", "Remember on this device";
    RememberWhat: "勾选后，本页把以下内容保存在此浏览器的 localStorage 中（不会上传）：语言、所选案件和自定义参数、所选方法、对期初持仓的回答、手工修改和添加的行、每个账户的文件名及其文本内容（您的交易）。取消勾选会立即删除。",
        "When ticked, this page keeps the following in this browser's localStorage (never uploaded): the language, the chosen case and custom parameters, the chosen method, your answer about earlier holdings, rows fixed or added by hand, and each account's file name and text (your trades). Unticking deletes it at once.";
    GoTrades: "查看交易记录", "See the trades";
    NotAWorkbook: "（文件名是 Excel 工作簿，但内容不是 Excel 工作簿，也不是可读的文本：文件可能已损坏，或并非交易记录。请从券商软件重新导出。）", " (The file is named as an Excel workbook, but its content is neither a workbook nor readable text: it may be damaged, or not a trade history. Export it again from your broker's software.)";
    EncodingDoubt: "（文件的编码可能有问题：读出的文字含有无法识别的字符。请在券商软件里另存为 UTF-8 或 GBK 编码的 CSV 或文本再试。）", " (The file's encoding may be the problem: what was read contains characters that could not be decoded. Save it from your broker's software as CSV or text in UTF-8 or GBK and try again.)";
    NoTradeRows: "没有买卖记录", "no trade rows";
    NotUsed: "未用于计算", "not used";
    OverlapSame: "同一账户导出了两次：只算一次", "One account exported twice: count once";
    OverlapTwo: "两个账户：都计算", "Two accounts: count both";
    OverlapCountedOnce: "目前按同一账户导出了两次计算，相同的交易只计算一次。", "Counted as one account exported twice: the identical trades once.";
    OverlapCountedTwice: "目前按两个账户计算，相同的交易各计算一次。", "Counted as two accounts: the identical trades in each.";
    OverlapDefault: "（未回答时按此计算，以免重复索赔）", " (the default until you answer, so that nothing is claimed twice)";
    ChooseFromList: "请从下面的列表中选择案件。", "Please choose the case from the list below.";
    WorkerStopped: "计算程序意外停止了。这是 Redress 的缺陷，不是您的数据有误。请刷新页面重试；若再次出现，请把浏览器控制台中以“redress:”开头的一行告诉我们。", "The calculation stopped unexpectedly. This is a fault in Redress, not in your data. Please reload the page and try again; if it happens again, please send us the line starting with “redress:” from the browser console.";
    RememberedEarlier: "本设备上保存的内容来自本页的旧版本，这一版本无法读取，已将其删除。请重新粘贴或拖入交易记录并选择案件；如仍要保存，请在页面底部再次勾选“在本设备上记住”。", "What this device remembered was saved by an earlier version of this page, which this one cannot read; it has been deleted. Please paste or drop your trades and choose the case again; to keep them on this device, tick “Remember on this device” at the bottom of the page again.";
    RememberTooLarge: "交易记录太大，无法保存在本设备上；只保存了案件和设置。", "The trades are too large to keep on this device; only the case and settings were kept.";
    // Report
    ReportTitle: "虚假陈述损失估算报告", "Estimate of losses from a securities misstatement";
    ReportGenerated: "生成时间", "Generated";
    ReportTool: "由 Redress 在本机计算", "Computed on this device by Redress";
    ReportTrades: "所用交易", "Trades used";
    ReportClose: "关闭打印视图", "Close the print view";
    ReportTruncated: "交易太多，报告只列出前 {} 行；完整列表请导出 CSV。", "Too many trades: the report lists the first {} rows; export the CSV for all.";
    // Units and words
    Yuan: "元", "yuan";
    Shares: "股", "shares";
    Yes: "是", "yes";
    No: "否", "no";
    None: "无", "not applied";
    ComputedFromMarket: "由行情计算", "computed from market data";
    KindBuy: "买入", "buy";
    KindSell: "卖出", "sell";
    KindBonus: "送转股", "bonus shares";
    KindTransferIn: "转入", "transfer in";
    KindTransferOut: "转出", "transfer out";
    KindDividend: "现金红利", "cash dividend";
    KindRights: "配股", "rights issue";
    KindOther: "其他", "other";
    PhaseBefore: "实施日前", "before T0";
    PhaseWindow: "实施日至揭露日前", "window";
    PhaseSettlement: "揭露日至基准日", "settlement";
    PhaseAfter: "基准日后", "after Tb";
    LayerPre: "实施日前持有", "held before T0";
    LayerWindow: "窗口期买入", "window";
    LayerPost: "揭露日后买入", "after T1";
    CombineSum: "各分段赔偿相加", "segments added";
    CombineMax: "取最有利的分段", "most favourable segment";
    Header: "表头", "header";
    ExcludedByYou: "您已排除此行", "excluded by you";
    // Figures of the breakdown
    Deadlines: "期限", "Deadlines";
    SourceLink: "出处", "source";
    DeadlinesNote: "按本机今天的日期计算。这里只列出公开资料中能查到的日期，不构成法律意见；是否还能索赔，请以法院、先行赔付方案或律师的意见为准。", "Counted from today's date on this device. Only dates found in public sources are listed; this is not legal advice: whether you can still claim is for the court, the scheme or a lawyer to say.";
    DataSources: "行情数据来源", "Market data sources";
    DataSourcesIntro: "本案的基准日、基准价和指数扣除用的是下列公开日线数据，随本网站提供，在您的浏览器中计算。每个文件都注明了取自哪个公开数据仓库的哪个版本，以及做过哪些核对。成交量含大宗交易。", "This case's base date, base price and index deduction use the public daily data below, shipped with this site and computed in your browser. Each file names the public repository and version it comes from, and the checks made. Volume includes block trades.";
    DataChecks: "核对情况（英文原文）", "Checks made";
    TurnoverTable: "基准日是怎样算出的：逐日累计换手率", "How the base date was found: cumulative turnover day by day";
    TurnoverIntro: "自揭露日起逐个交易日累加“成交量 ÷ 流通股本”（流通股本：当日可在交易所买卖的股份数），累计达到 100% 的那一天（或规定的上下限）为基准日；基准价是这些交易日收盘价的平均数。成交量含大宗交易（公开数据无法剔除）。", "From the disclosure date, each trading day adds volume ÷ tradable shares (the float: the shares that could trade on the exchange that day); the day the sum reaches 100% (or the rule's bounds) is the base date, and the base price is the mean of those days' closes. Volume includes block trades (public data cannot separate them).";
    ColDay: "第几个交易日", "Day";
    ColClose: "收盘价", "Close";
    ColVolume: "成交量（股）", "Volume (shares)";
    ColFloat: "流通股本（股）", "Tradable shares";
    ColTurnover: "换手率", "Turnover";
    ColCumulative: "累计换手率", "Cumulative";
    FigCommission: "佣金", "Commission";
    FigStamp: "印花税", "Stamp duty";
    FigInterest: "利息", "Interest";
    PartSold: "卖出部分", "Sold";
    PartHeld: "持有部分", "Held";
    PartBack: "买回部分", "Bought back";
    PartNotBack: "未买回部分", "Not bought back";
    SkipLink: "跳到主要内容", "Skip to the content";
    MarketOptional: "行情数据（可选）", "Market data (optional)";
    NeedsHeading: "本案还需要您补充", "What this case still needs from you";
    NeedsIntro: "案件资料没有公布下列数值。请按您掌握的资料填写；填写的值在结果中标为“您填写的”。",
        "The case's sources do not publish these values. Fill them in from what you know; the result marks them as entered by you.";
    Dismiss: "关闭提示", "Dismiss";
    Pasted: "已粘贴 ", "Pasted ";
    PastedLarge: "（内容较大，不在此显示；要修改请移除后重新粘贴）", " (too large to show here; remove it and paste again to change it)";
    LegendBuy: "买入", "Purchase";
    LegendSell: "卖出", "Sale";
    LegendHolding: "持股", "Holding";
    LegendClose: "收盘价", "Close";
}

/// The core's explanation and messages in an investor's words, as the page shows them:
/// the rule names of the calculation contract ("netting = net"), trader's jargon (头寸)
/// and file-format words ("placeholder") are said as an investor says them.
pub fn investor_words(text: &str, lang: Lang) -> String {
    let table: &[(&str, &str)] = match lang {
        Lang::Zh => &[
            ("netting = net，盈亏相抵", "卖出部分和持有部分盈亏相抵"),
            ("netting = per-part，分别计算", "卖出部分和持有部分分别计算，各不低于零"),
            ("头寸", "持仓"),
            ("（仅为占位值）", ""),
            ("占位值", "暂定值"),
        ],
        Lang::En => &[
            ("netting = net", "gains and losses of the sold and held parts offset"),
            ("netting = per-part", "each part on its own, never below zero"),
            ("% of the float", "% of the tradable shares"),
            (" (a placeholder)", ""),
            ("placeholder", "provisional value"),
        ],
    };
    let mut out = text.to_owned();
    for (from, to) in table {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// An amount of money with its unit: `15,520.15 元`, `¥15,520.15`.
pub fn money(lang: Lang, formatted: &str) -> String {
    match lang {
        Lang::Zh => format!("{formatted} 元"),
        Lang::En => match formatted.strip_prefix('-') {
            Some(rest) => format!("−¥{rest}"),
            None => format!("¥{formatted}"),
        },
    }
}

/// A price per share with its unit.
pub fn price(lang: Lang, formatted: &str) -> String {
    money(lang, formatted)
}

/// A number of shares with its unit.
pub fn shares(lang: Lang, formatted: &str) -> String {
    match lang {
        Lang::Zh => format!("{formatted} 股"),
        Lang::En if formatted == "1" => "1 share".to_owned(),
        Lang::En => format!("{formatted} shares"),
    }
}

/// The name of a buy-average method.
pub fn method(lang: Lang, m: Method) -> &'static str {
    lang.pick(m.name_zh(), m.name_en())
}

/// The name of a trade kind.
pub fn kind(lang: Lang, k: Kind) -> &'static str {
    t(
        lang,
        match k {
            Kind::Buy => K::KindBuy,
            Kind::Sell => K::KindSell,
            Kind::Bonus => K::KindBonus,
            Kind::TransferIn => K::KindTransferIn,
            Kind::TransferOut => K::KindTransferOut,
            Kind::Dividend => K::KindDividend,
            Kind::Rights => K::KindRights,
            Kind::Other => K::KindOther,
        },
    )
}

/// "Used 12 · ignored 1 · rejected 0".
pub fn counts(lang: Lang, used: u32, ignored: u32, rejected: u32) -> String {
    tr!(
        lang,
        "采用 {} 行 · 忽略 {} 行 · 拒绝 {} 行",
        "{} used · {} ignored · {} rejected",
        used,
        ignored,
        rejected
    )
}

/// "Page 2 of 7 (rows 51–100 of 312)".
pub fn page_of(lang: Lang, page: u32, pages: u32, first: u32, last: u32, total: u32) -> String {
    tr!(
        lang,
        "第 {} / {} 页（第 {}–{} 行，共 {} 行）",
        "Page {} of {} (rows {}–{} of {})",
        page,
        pages,
        first,
        last,
        total
    )
}

/// The range of the method comparison.
pub fn range(lang: Lang, low: &str, high: &str) -> String {
    tr!(
        lang,
        "同一份交易，按不同方法估算的赔偿在 {} 至 {} 之间。",
        "On the same trades, the methods give between {} and {}.",
        money(lang, low),
        money(lang, high)
    )
}

/// The notice under the amount when rows were rejected: the amount leaves them out (its
/// button leads to the review, where they are fixed).
pub fn rejected_rows(lang: Lang, n: u32) -> String {
    if n == 1 {
        return lang
            .pick(
                "有 1 行被拒绝：上面的金额没有计入这 1 行。",
                "1 row was rejected: the amount above leaves it out.",
            )
            .to_owned();
    }
    match lang {
        Lang::Zh => {
            format!("有 {n} 行被拒绝：上面的金额没有计入这 {n} 行。")
        }
        Lang::En => format!("{n} rows were rejected: the amount above leaves them out."),
    }
}

/// The securities a file holds when none is the case's: "只有 688111、000001 的交易，没有本案
/// 300000 的".
pub fn only_other_securities(lang: Lang, others: &[String], wanted: &[String]) -> String {
    tr!(
        lang,
        "只有 {} 的交易，没有本案证券 {} 的",
        "only trades of {}, none of the case's security {}",
        others.join(lang.pick("、", ", ")),
        wanted.first().map_or("", String::as_str)
    )
}

/// Why there is no estimate when the files hold only other securities than the case's.
pub fn wrong_case(lang: Lang, others: &[String], wanted: &[String]) -> String {
    tr!(
        lang,
        "这些文件里是 {} 的交易，不是本案证券 {} 的：是否选对了案件？请在第 1 步选择您持有的那家公司的案件，或检查文件。",
        "These files hold trades of {}, not of the case's security {}: is this the right case? Choose the case of the company you held in step 1, or check the files.",
        others.join(lang.pick("、", ", ")),
        wanted.join(" / ")
    )
}

/// What counting a rejected sell would change.
pub fn sell_impact(lang: Lang, amount: &str, change: &str) -> String {
    tr!(
        lang,
        "这笔卖出没有计入：如果计入，赔偿将是 {}（{}）",
        "This sale is not counted: counted, the compensation would be {} ({})",
        amount,
        change
    )
}

/// The button that shows the ignored rows too.
pub fn show_ignored(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("也显示忽略的 {n} 行"),
        Lang::En if n == 1 => "Show the 1 ignored row too".to_owned(),
        Lang::En => format!("Show the {n} ignored rows too"),
    }
}

/// The question about two inputs that share identical trades.
pub fn overlap_question(lang: Lang, later: &str, earlier: &str, n: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "{later} 和 {earlier} 有 {n} 笔完全相同的交易（日期、时间、方向、数量、价格都一样）：是同一账户导出了两次，还是两个账户？"
        ),
        Lang::En => format!(
            "{later} and {earlier} share {n} identical {} (same date, time, side, quantity and price): the same account exported twice, or two accounts?",
            if n == 1 { "trade" } else { "trades" }
        ),
    }
}

/// Why a file adds nothing: every one of its trade rows was rejected.
pub fn all_rejected(lang: Lang, n: u32) -> String {
    if lang == Lang::En && n == 1 {
        return "its one trade row was rejected".to_owned();
    }
    tr!(lang, "{} 行全部被拒绝", "all {} of its trade rows were rejected", n)
}

/// "1 of 2 files was not used" above the estimate.
pub fn unused_inputs(lang: Lang, unused: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("{total} 个文件中有 {unused} 个没有用于计算："),
        Lang::En if unused == 1 => format!("1 of {total} files was not used:"),
        Lang::En => format!("{unused} of {total} files were not used:"),
    }
}

/// The question about the history, with the first date and `T0`.
pub fn opening_why(lang: Lang, first: &str, t0: &str, shortfall: &str) -> String {
    if shortfall != "0" {
        tr!(
            lang,
            "记录中卖出的股数比买入的多 {} 股，说明记录开始之前您已持有股份。",
            "The history sells {} more shares than it buys: you held shares before it starts.",
            shortfall
        )
    } else {
        tr!(
            lang,
            "您的记录从 {} 开始，不早于实施日 {}。",
            "Your history starts on {}, not before the implementation date {}.",
            first,
            t0
        )
    }
}

/// The progress line.
pub fn progress(lang: Lang, stage: &str, done: u32, total: u32) -> String {
    if total > 1 {
        tr!(lang, "{}（{}/{}）…", "{} ({}/{})…", stage, done, total)
    } else {
        tr!(lang, "{}…", "{}…", stage)
    }
}

/// The label of a file input in the list.
pub fn source_label(lang: Lang, n: u32) -> String {
    tr!(lang, "粘贴的文本 {}", "Pasted text {}", n)
}

/// A name [`source_label`] gave, in the other language: the same label in `lang`; `None`
/// for a name the user or a file gave.
pub fn relabel(lang: Lang, name: &str) -> Option<String> {
    let n = name.strip_prefix("粘贴的文本 ").or_else(|| name.strip_prefix("Pasted text "))?;
    let n: u32 = n.parse().ok()?;
    (source_label(Lang::Zh, n) == name || source_label(Lang::En, n) == name)
        .then(|| source_label(lang, n))
}

/// "Fix row 7 of jiaoge.csv".
pub fn edit_row_label(lang: Lang, file: &str, row: u32) -> String {
    row_action_label(lang, K::Fix, file, row)
}

/// A row's button's accessible name: "排除 a.csv 第 3 行" / "Exclude row 3 of a.csv".
pub fn row_action_label(lang: Lang, action: K, file: &str, row: u32) -> String {
    let action = t(lang, action);
    tr!(lang, "{0} {1} 第 {2} 行", "{0} row {2} of {1}", action, file, row)
}

/// The report's line about truncated trades.
pub fn report_truncated(lang: Lang, n: u32) -> String {
    t(lang, K::ReportTruncated).replace("{}", &n.to_string())
}

/// The line on the trades step about rows added by hand (they live on the review step).
pub fn added_rows(lang: Lang, rows: u32) -> String {
    if lang == Lang::En && rows == 1 {
        return "Also 1 row added by hand (change it on the Review step; “Clear all” clears it too)."
            .to_owned();
    }
    tr!(
        lang,
        "另有手工录入的 {} 行（在“核对”一步修改；“全部清除”也会清除它们）。",
        "Also {} rows added by hand (change them on the Review step; “Clear all” clears them too).",
        rows
    )
}

/// A pasted text's size: `3.5 MB, 100,001 lines`.
pub fn size(lang: Lang, bytes: usize, lines: usize) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    let lines = redress::format::group(&lines.to_string());
    tr!(lang, "{}.{} MB，{} 行", "{}.{} MB, {} lines", tenths / 10, tenths % 10, lines)
}

/// The empty choice of a parameter the case has: "（按本案：固定比例）".
pub fn as_the_case(lang: Lang, current: &str) -> String {
    lang.pick(format!("（按本案：{current}）"), format!("(as the case has it: {current})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        for k in K::ALL {
            assert!(!k.text(Lang::Zh).trim().is_empty(), "{k:?} zh");
            assert!(!k.text(Lang::En).trim().is_empty(), "{k:?} en");
        }
    }

    #[test]
    fn chinese_strings_are_chinese_and_english_strings_are_not() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        // Keys whose English text names a Chinese term on purpose.
        let allowed = [
            K::LangToggle,
            K::LangToggleLabel,
            // The brokers' software is in Chinese: the guide names its menus as they read.
            K::GuideIntro,
            K::GuideThs,
            K::GuideTdx,
            K::GuideEastmoney,
            K::GuideBrokerApps,
            K::GuideCsdc,
            K::HintSecurity,
        ];
        for k in K::ALL {
            if allowed.contains(k) {
                continue;
            }
            assert!(!han(k.text(Lang::En)), "{k:?} English text has Chinese: {}", k.text(Lang::En));
        }
        assert!(han(K::Compensation.text(Lang::Zh)));
    }

    #[test]
    fn money_and_shares_carry_the_unit_of_the_language() {
        assert_eq!(money(Lang::Zh, "15,520.15"), "15,520.15 元");
        assert_eq!(money(Lang::En, "15,520.15"), "¥15,520.15");
        assert_eq!(money(Lang::En, "-3.00"), "−¥3.00");
        assert_eq!(shares(Lang::Zh, "2,500"), "2,500 股");
        assert_eq!(shares(Lang::En, "1"), "1 share");
        assert_eq!(shares(Lang::En, "2,500"), "2,500 shares");
    }

    #[test]
    fn a_row_button_is_named_by_its_action_and_row_only() {
        assert_eq!(row_action_label(Lang::Zh, K::Exclude, "示例交易", 3), "排除 示例交易 第 3 行");
        assert_eq!(row_action_label(Lang::En, K::Exclude, "a.csv", 3), "Exclude row 3 of a.csv");
        assert_eq!(edit_row_label(Lang::En, "a.csv", 3), "Fix row 3 of a.csv");
    }

    #[test]
    fn a_pasted_text_s_own_name_follows_the_language() {
        assert_eq!(relabel(Lang::En, "粘贴的文本 2").as_deref(), Some("Pasted text 2"));
        assert_eq!(relabel(Lang::Zh, "Pasted text 2").as_deref(), Some("粘贴的文本 2"));
        assert_eq!(relabel(Lang::En, "粘贴的文本 02"), None);
        assert_eq!(relabel(Lang::En, "my.csv"), None);
    }

    #[test]
    fn one_added_row_is_one_row() {
        assert!(added_rows(Lang::En, 1).starts_with("Also 1 row added by hand (change it"));
        assert!(added_rows(Lang::En, 2).starts_with("Also 2 rows added by hand (change them"));
    }

    /// The core's rule names and jargon, as an investor reads them (issue 15, item 6).
    #[test]
    fn the_core_s_words_are_said_in_an_investor_s() {
        assert_eq!(
            investor_words("计算规则（法律未作规定）：netting = net，盈亏相抵", Lang::Zh),
            "计算规则（法律未作规定）：卖出部分和持有部分盈亏相抵"
        );
        assert_eq!(
            investor_words("→ 头寸 2,000，均价 15.0000", Lang::Zh),
            "→ 持仓 2,000，均价 15.0000"
        );
        assert_eq!(
            investor_words("未公布（仅为占位值），请提供该值", Lang::Zh),
            "未公布，请提供该值"
        );
        assert_eq!(
            investor_words("is not published (a placeholder): supply the value", Lang::En),
            "is not published: supply the value"
        );
        for k in K::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let text = k.text(lang);
                for word in
                    ["rules.md", "netting", "占位", "头寸", "date,close", "date,time", "date,index"]
                {
                    assert!(!text.contains(word), "{k:?} {lang:?}: {text}");
                }
                let words = || text.split(|c: char| !c.is_alphanumeric());
                assert!(!(lang == Lang::En && words().any(|w| w == "none")), "{k:?}: {text}");
                // "float" only where it is said what it is.
                assert!(
                    !words().any(|w| w == "float") || text.contains("the float:"),
                    "{k:?}: {text}"
                );
            }
        }
    }
}
