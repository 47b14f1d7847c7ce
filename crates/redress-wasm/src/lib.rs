//! The JS API of Redress for embedders: one thin file of adapters (JSON in, core call,
//! JSON out). Inputs and outputs are plain JS objects in the shapes of interfaces.md,
//! with decimals as strings; `index.d.ts` beside this crate declares them.
//!
//! Every function returns `{ ok: true, value }` or `{ ok: false, error: { code, message,
//! file?, row?, column?, field? } }` for a problem with the data; it throws an `Error`
//! only for a programmer mistake (an argument of the wrong type).
//!
//! Broker files are decoded here with the host's `TextDecoder('gb18030')` (browsers and
//! Node 20+), not `encoding_rs`, so that the package carries no encoding tables; Excel
//! workbooks are read only with the `workbook` feature (off in the published package:
//! DESIGN.md "Embedding" gives the sizes).

use redress::canonical::{self, Cells};
use redress::case::Method;
use redress::cases;
use redress::import::{Content, InputFile};
use redress::market::{Bar, IndexData, MarketData};
use redress::money::{Price, parse_decimal};
use redress::trade::Origin;
use redress::{Case, Error, Input, Lang, Options, Trade};
use serde::Deserialize;
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

/// The version of the core.
#[wasm_bindgen]
pub fn version() -> String {
    redress::VERSION.to_owned()
}

/// `estimate(input, caseSpec, options?)`: one investor's estimate (interfaces.md "Result").
#[wasm_bindgen]
pub fn estimate(input: JsValue, case_spec: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    if let Some(p) = unknown_case(&case_spec) {
        return Ok(p);
    }
    let args = Args::read(&input, &case_spec, &options)?;
    Ok(reply(args.run(|input, options| redress::estimate(input, options).map(|e| json!(e)))))
}

/// `compare(input, caseSpec, options?)`: the four methods with and without the case's
/// deductions.
#[wasm_bindgen]
pub fn compare(input: JsValue, case_spec: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    if let Some(p) = unknown_case(&case_spec) {
        return Ok(p);
    }
    let args = Args::read(&input, &case_spec, &options)?;
    Ok(reply(args.run(|input, options| redress::compare(input, options.lang).map(|c| json!(c)))))
}

/// `reconcile(input, caseSpec, offer, options?)`: the choices the case leaves open that
/// reproduce an amount offered (`redress reconcile --json` prints the same).
#[wasm_bindgen]
pub fn reconcile(
    input: JsValue,
    case_spec: JsValue,
    offer: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    if let Some(p) = unknown_case(&case_spec) {
        return Ok(p);
    }
    let offer: OfferJs = to_json(&offer, "offer")?;
    let text = |c: &Option<Cell>| c.as_ref().map(Cell::text).unwrap_or_default();
    let (shares, average, loss, ratio) = (
        text(&offer.eligible_shares),
        text(&offer.buy_average),
        text(&offer.loss),
        text(&offer.ratio),
    );
    let amount = offer.amount.text();
    // The core's one reading of typed figures; a figure it refuses is the reply's error.
    let offer = match redress::reconcile::Offer::read(&redress::reconcile::OfferText {
        amount: &amount,
        eligible_shares: &shares,
        buy_average: &average,
        loss: &loss,
        ratio: &ratio,
    }) {
        Ok(o) => o,
        Err(e) => return Ok(reply(Err(e))),
    };
    let args = Args::read(&input, &case_spec, &options)?;
    Ok(reply(args.run(|input, _| redress::reconcile::reconcile(input, &offer).map(|r| json!(r)))))
}

/// `whatIf(input, caseSpec, options?)`: each contested choice and what its alternatives
/// give, the largest effect first.
#[wasm_bindgen(js_name = whatIf)]
pub fn what_if(input: JsValue, case_spec: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    if let Some(p) = unknown_case(&case_spec) {
        return Ok(p);
    }
    let args = Args::read(&input, &case_spec, &options)?;
    Ok(reply(args.run(|input, _| redress::reconcile::what_if(input).map(|r| json!(r)))))
}

/// The offer of `reconcile`: the amount and any figure of the offer letter.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferJs {
    amount: Cell,
    #[serde(default)]
    eligible_shares: Option<Cell>,
    #[serde(default)]
    buy_average: Option<Cell>,
    #[serde(default)]
    loss: Option<Cell>,
    #[serde(default)]
    ratio: Option<Cell>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputJs {
    /// Canonical rows or texts (the texts may be broker exports too); absent when
    /// `inputs` gives the files.
    #[serde(default)]
    trades: Option<Rows<TradeJs>>,
    #[serde(default)]
    files: Vec<String>,
    /// The case file's name, for messages.
    #[serde(default)]
    case_file: Option<String>,
    #[serde(default)]
    opening_position: u64,
    #[serde(default)]
    market: Option<Rows<BarJs>>,
    #[serde(default)]
    indices: Option<Rows<IndexJs>>,
}

/// Rows as objects, the canonical CSV text, or several CSV texts (one per account).
#[derive(Deserialize)]
#[serde(untagged)]
enum Rows<T> {
    Csv(String),
    Csvs(Vec<String>),
    Objects(Vec<T>),
}

/// A number or a string cell.
#[derive(Deserialize)]
#[serde(untagged)]
enum Cell {
    Text(String),
    Number(serde_json::Number),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// `cases(query?)`: the built-in real cases as cards (names, security, key dates,
/// provenance table, what the user must supply), best match first; every case, in list
/// order, without a query.
#[wasm_bindgen]
pub fn cases(query: Option<String>) -> Result<JsValue, JsError> {
    let found: Vec<cases::Card> =
        cases::search(query.as_deref().unwrap_or("")).into_iter().map(cases::card).collect();
    to_js(&json!(found))
}

/// `caseById(id)`: the card of one built-in case, or `null` when no case has this id.
#[wasm_bindgen(js_name = caseById)]
pub fn case_by_id(id: &str) -> Result<JsValue, JsError> {
    match cases::by_id(id) {
        Some(case) => to_js(&json!(cases::card(case))),
        None => Ok(JsValue::NULL),
    }
}

/// `importTrades(files, options?)`: broker exports (bytes or text) to the per-row report,
/// the trades of every security, and the opening positions inferred from balance columns
/// (the core's `redress::import`, as `redress import --json` prints it).
#[wasm_bindgen(js_name = importTrades)]
pub fn import_trades(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let files = read_files(&files)?;
    let options: ImportOptionsJs = if options.is_undefined() || options.is_null() {
        ImportOptionsJs::default()
    } else {
        to_json(&options, "options")?
    };
    let lang = parse_lang(options.lang.as_deref())?;
    let select = match options.select {
        None => Vec::new(),
        Some(Select::One(code)) => vec![code],
        Some(Select::Many(codes)) => codes,
    };
    let read = read_inputs(&files);
    if let Some(e) = read.first_error() {
        return Ok(reply(Err(e.clone())));
    }
    if let Some(c) = read.inputs.iter().find(|i| i.format == redress::inputs::Format::Canonical) {
        return Ok(problem(
            "canonical",
            format!("{} 已经是标准交易文件，无需导入，可直接用于 estimate", c.name),
            format!("{} is already a canonical trade file: give it to estimate as it is", c.name),
            Some(&c.name),
        ));
    }
    let mut imported = read.import.unwrap_or_default();
    imported.relabel(lang, &select);
    Ok(reply(Ok(json!(imported))))
}

/// Every input of one investor through the core's one reader ([`redress::inputs`]).
fn read_inputs(files: &[(String, FileContent)]) -> redress::inputs::Inputs {
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(name, content)| InputFile {
            name,
            content: match content {
                FileContent::Bytes(b) => Content::Bytes(b),
                FileContent::Text(t) => Content::Text(t),
            },
        })
        .collect();
    redress::inputs::read(&inputs, &gb18030)
}

enum FileContent {
    Bytes(Vec<u8>),
    Text(String),
}

/// Reads `[{ name, bytes: Uint8Array | ArrayBuffer } | { name, text }]`; anything else is a
/// programmer mistake.
fn read_files(files: &JsValue) -> Result<Vec<(String, FileContent)>, JsError> {
    if !js_sys::Array::is_array(files) {
        return Err(JsError::new("files: expected an array of { name, bytes } or { name, text }"));
    }
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k));
    let mut out = Vec::new();
    for (i, f) in js_sys::Array::from(files).iter().enumerate() {
        let bad = |what: &str| JsError::new(&format!("files[{i}]: {what}"));
        if !f.is_object() {
            return Err(bad("expected { name, bytes } or { name, text }"));
        }
        let name = get(&f, "name")
            .ok()
            .and_then(|n| n.as_string())
            .ok_or_else(|| bad("`name` must be a string"))?;
        let bytes = get(&f, "bytes").unwrap_or(JsValue::UNDEFINED);
        let text = get(&f, "text").unwrap_or(JsValue::UNDEFINED);
        let content = if bytes.is_instance_of::<js_sys::Uint8Array>()
            || bytes.is_instance_of::<js_sys::ArrayBuffer>()
        {
            FileContent::Bytes(js_sys::Uint8Array::new(&bytes).to_vec())
        } else if let Some(text) = text.as_string() {
            FileContent::Text(text)
        } else {
            return Err(bad("expected `bytes` (a Uint8Array or ArrayBuffer) or `text` (a string)"));
        };
        out.push((name, content));
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Select {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ImportOptionsJs {
    #[serde(default)]
    lang: Option<String>,
    /// The security to select: its code and former codes (or a name).
    #[serde(default)]
    select: Option<Select>,
}

#[wasm_bindgen]
extern "C" {
    /// The host's `TextDecoder` (browsers, Node 20+).
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str) -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, bytes: &[u8]) -> String;
}

/// GB18030 by the host's `TextDecoder`, counting replacement characters as malformed
/// sequences (what `encoding_rs` counts natively).
fn gb18030(bytes: &[u8]) -> (String, usize) {
    match TextDecoder::new("gb18030") {
        Ok(d) => {
            let text = d.decode(bytes);
            let malformed = text.matches('\u{FFFD}').count();
            (text, malformed)
        }
        // A host without GB18030 (a Node built without ICU): every byte unreadable.
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), bytes.len()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TradeJs {
    /// The security, as `importTrades` gives it (not checked here: select the rows of
    /// one security before estimating).
    #[serde(default)]
    #[allow(dead_code)]
    code: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    /// The file (index into `input.files`) and row of an imported trade, kept for
    /// messages and per-trade effects.
    #[serde(default)]
    file: Option<u32>,
    #[serde(default)]
    row: Option<u32>,
    date: String,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    account: Option<String>,
    kind: String,
    #[serde(default)]
    quantity: Option<Cell>,
    #[serde(default)]
    price: Option<Cell>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BarJs {
    date: String,
    close: Cell,
    volume: Cell,
    float: Cell,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexJs {
    date: String,
    index: String,
    close: Cell,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OptionsJs {
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    detail: Option<bool>,
    #[serde(default)]
    without_deductions: bool,
    /// `once` (default) or `keep`: identical trades in two inputs.
    #[serde(default)]
    duplicates: Option<String>,
    /// Case parameters to supply or replace, by path (`{"rules.commission_rate": "0.03%"}`),
    /// as the command line's `--set`: applied together, then the case is checked.
    #[serde(default)]
    set: std::collections::BTreeMap<String, String>,
}

struct Args {
    /// Identical trades in two inputs are two accounts' own (`duplicates: "keep"`).
    keep: bool,
    input: InputJs,
    /// The files of `input.inputs` (bytes or text: canonical or broker exports).
    files: Vec<(String, FileContent)>,
    case: Result<Case, Error>,
    options: Options,
}

fn to_json<T: for<'de> Deserialize<'de>>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new(&format!("{what}: not serialisable to JSON")))?;
    serde_json::from_str(&String::from(text)).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

impl Args {
    fn read(input: &JsValue, case_spec: &JsValue, options: &JsValue) -> Result<Args, JsError> {
        // `input.inputs` holds bytes, which do not travel as JSON: read apart.
        let key = JsValue::from_str("inputs");
        let given = if input.is_object() {
            js_sys::Reflect::get(input, &key).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        let files = if given.is_undefined() { Vec::new() } else { read_files(&given)? };
        let rest = if given.is_undefined() {
            input.clone()
        } else {
            let copy = js_sys::Object::assign(
                &js_sys::Object::new(),
                &js_sys::Object::from(input.clone()),
            );
            js_sys::Reflect::delete_property(&copy, &key)
                .map_err(|_| JsError::new("input: cannot read"))?;
            copy.into()
        };
        let input: InputJs = to_json(&rest, "input")?;
        if input.trades.is_none() && files.is_empty() {
            return Err(JsError::new("input: expected `trades` or `inputs`"));
        }
        let case_file = input.case_file.clone().unwrap_or_else(|| "case".to_owned());
        let options: OptionsJs = if options.is_undefined() || options.is_null() {
            OptionsJs::default()
        } else {
            to_json(options, "options")?
        };
        let method =
            match options.method.as_deref() {
                None => None,
                Some(m) => Some(Method::parse(m).ok_or_else(|| {
                    JsError::new(&format!("options.method: unknown method `{m}`"))
                })?),
            };
        let lang = parse_lang(options.lang.as_deref())?;
        let keep = match options.duplicates.as_deref() {
            None | Some("once") => false,
            Some("keep") => true,
            Some(other) => {
                return Err(JsError::new(&format!(
                    "options.duplicates: expected \"once\" or \"keep\", not `{other}`"
                )));
            }
        };
        let case = if let Some(text) = case_spec.as_string() {
            if let Some(case) = builtin(&text) {
                Ok(case.clone())
            } else {
                Case::from_toml(&text, &case_file)
            }
        } else if case_spec.is_object() {
            let text = js_sys::JSON::stringify(case_spec)
                .map_err(|_| JsError::new("case: not serialisable"))?;
            Case::from_json(&String::from(text), &case_file)
        } else {
            return Err(JsError::new("case: expected a TOML string or a case object"));
        };
        // The parameters supplied, through the core's one table (as `--set`).
        let values: Vec<(&String, &String)> = options.set.iter().collect();
        let case = case.and_then(|mut case| {
            redress::case::parameters::set_all(&mut case, &values).map(|()| case)
        });
        Ok(Args {
            keep,
            input,
            files,
            case,
            options: Options {
                method,
                without_deductions: options.without_deductions,
                lang,
                detail: options.detail.unwrap_or(true),
            },
        })
    }

    fn run(
        self,
        f: impl FnOnce(&Input<'_>, &Options) -> Result<Value, Error>,
    ) -> Result<Value, Error> {
        let mut case = self.case?;
        let lang = self.options.lang;
        // The public market data shipped with a built-in case (embedded in the package):
        // the caller's own bars and index closes replace them.
        let shipped =
            redress::case_data::read(&case, &redress::case_data::embedded::files(&case.id))
                .unwrap_or_default();
        let mut select = vec![case.security.clone()];
        select.extend(case.former_codes.iter().cloned());
        let keep = self.keep;
        let (trades, files, inferred, overlaps) = match (&self.input.trades, &self.files[..]) {
            (Some(Rows::Objects(rows)), _) => {
                let mut files = self.input.files.clone();
                if files.is_empty() {
                    files.push(lang.pick("交易记录1", "trades1").to_owned());
                }
                (objects(rows, &files)?, files, 0, Vec::new())
            }
            (Some(Rows::Csv(text)), _) => {
                texts(&[text.as_str()], &self.input.files, &select, keep, lang)?
            }
            (Some(Rows::Csvs(list)), _) => {
                let list: Vec<&str> = list.iter().map(String::as_str).collect();
                texts(&list, &self.input.files, &select, keep, lang)?
            }
            (None, files) => investor(&read_inputs(files), &select, keep)?,
        };
        let market = match &self.input.market {
            None => None,
            Some(Rows::Csv(text)) => Some(MarketData::read_csv(text, "market")?),
            Some(Rows::Csvs(texts)) => Some(MarketData::read_csv(&texts.join("\n"), "market")?),
            Some(Rows::Objects(rows)) => Some(bars(rows)?),
        };
        let indices = match &self.input.indices {
            None => None,
            Some(Rows::Csv(text)) => Some(IndexData::read_csv(text, "indices")?),
            Some(Rows::Csvs(texts)) => {
                let mut data = IndexData::default();
                for text in texts {
                    data.add_csv(text, "indices")?;
                }
                Some(data)
            }
            Some(Rows::Objects(rows)) => Some(index_rows(rows)?),
        };
        let (market, indices) = redress::case_data::combine(&mut case, shipped, market, indices);
        let input = Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: self.input.opening_position.saturating_add(inferred),
            market: market.as_ref(),
            indices: indices.as_ref(),
        };
        let mut value = f(&input, &self.options)?;
        // Trades found in two inputs: said with this API's own option (the calculation's
        // own warning does not know it).
        if !overlaps.is_empty()
            && let Some(list) = value.get_mut("warnings").and_then(Value::as_array_mut)
        {
            list.retain(|w| w["code"] != "duplicate-trades");
            for o in &overlaps {
                list.push(duplicates_warning(o, &files, keep, lang));
            }
        }
        Ok(value)
    }
}

/// The warning for trades two inputs share, counted once (the default) or twice.
fn duplicates_warning(
    o: &redress::import::overlap::Overlap,
    files: &[String],
    keep: bool,
    lang: Lang,
) -> Value {
    let name = |i: u32| files.get(i as usize).map_or("", String::as_str);
    let (n, earlier) = (o.trades, name(o.earlier));
    let message = match (keep, lang) {
        (false, Lang::Zh) => format!(
            "有 {n} 笔买卖与 {earlier} 中的完全相同（日期、时间、方向、数量、价格都一样），已按同一账户导出了两次处理，只计算一次。如果确实是两个账户各自的交易，请用选项 duplicates: \"keep\" 重新计算"
        ),
        (false, Lang::En) => format!(
            "{n} buys and sells here are identical to trades in {earlier} (same date, time, side, quantity and price): taken as one account exported twice and counted once. If they really are two accounts' own trades, compute again with the option duplicates: \"keep\""
        ),
        (true, Lang::Zh) => format!(
            "有 {n} 笔买卖与 {earlier} 中的完全相同（日期、时间、方向、数量、价格都一样），按两个账户各自的交易都计算了（duplicates: \"keep\"）"
        ),
        (true, Lang::En) => format!(
            "{n} buys and sells here are identical to trades in {earlier} (same date, time, side, quantity and price): counted as two accounts' own trades (duplicates: \"keep\")"
        ),
    };
    json!({ "code": "duplicate-trades", "file": name(o.later), "row": o.row, "message": message })
}

/// The trades, input names, inferred opening position and overlaps of an investor.
type Investor = (Vec<Trade>, Vec<String>, u64, Vec<redress::import::overlap::Overlap>);

/// Trade texts (canonical CSV, or broker exports), one per account, named by `names`
/// (or "trades1", "trades2"…), through the core's one reader.
fn texts(
    list: &[&str],
    names: &[String],
    select: &[String],
    keep: bool,
    lang: Lang,
) -> Result<Investor, Error> {
    let files: Vec<(String, FileContent)> = list
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let name = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("{}{}", lang.pick("交易记录", "trades"), i + 1));
            (name, FileContent::Text((*text).to_owned()))
        })
        .collect();
    investor(&read_inputs(&files), select, keep)
}

/// The selected security's trades of inputs read by the core, the input names and the
/// opening position inferred from balance columns; the first problem is an error naming
/// the file, row and column (as `redress estimate` says it). Identical trades in two
/// inputs are counted once (one account exported twice), as the command line does by
/// default (`keep`: counted as two accounts' own).
fn investor(
    read: &redress::inputs::Inputs,
    select: &[String],
    keep: bool,
) -> Result<Investor, Error> {
    if let Some(e) = read.first_error() {
        return Err(e.clone());
    }
    let edits = std::collections::HashMap::new();
    let investor = read.select(&redress::inputs::Selection {
        securities: select,
        edits: &edits,
        added: &[],
        added_name: "",
        same_account: &|_, _| keep.then_some(false),
    });
    if let Some(e) = investor.first_rejection(read, "") {
        return Err(e);
    }
    let overlaps = investor.overlaps.into_iter().map(|a| a.overlap).collect();
    Ok((investor.trades, read.names(), investor.opening, overlaps))
}

/// Trade rows given as objects.
fn objects(rows: &[TradeJs], files: &[String]) -> Result<Vec<Trade>, Error> {
    let name = files[0].as_str();
    rows.iter()
        .enumerate()
        .map(|(i, t)| {
            let quantity = t.quantity.as_ref().map(Cell::text).unwrap_or_default();
            let price = t.price.as_ref().map(Cell::text).unwrap_or_default();
            let cells = Cells {
                date: &t.date,
                time: t.time.as_deref().unwrap_or(""),
                account: t.account.as_deref().unwrap_or(""),
                kind: &t.kind,
                quantity: &quantity,
                price: &price,
            };
            // Rows are numbered from 1, as a person counts the objects of an array,
            // unless the row says where it came from (an imported trade).
            let origin = Origin {
                file: t.file.unwrap_or(0),
                row: t.row.unwrap_or_else(|| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            };
            let name = files.get(origin.file as usize).map_or(name, String::as_str);
            canonical::parse_row(&cells, name, origin, "A")
        })
        .collect()
}

fn number(
    cell: &Cell,
    file: &str,
    row: usize,
    column: &str,
) -> Result<redress::money::Decimal, Error> {
    let text = cell.text();
    parse_decimal(&text).ok_or_else(|| {
        Error::at(
            redress::ErrorKind::BadNumber { text },
            file,
            Some(u32::try_from(row + 1).unwrap_or(u32::MAX)),
            Some(column),
        )
    })
}

fn date(text: &str, file: &str, row: usize) -> Result<redress::Date, Error> {
    text.parse().map_err(|_| {
        Error::at(
            redress::ErrorKind::BadDate { text: text.to_owned() },
            file,
            Some(u32::try_from(row + 1).unwrap_or(u32::MAX)),
            Some("date"),
        )
    })
}

fn bars(rows: &[BarJs]) -> Result<MarketData, Error> {
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, b)| {
            Ok(Bar {
                date: date(&b.date, "market", i)?,
                close: Price(number(&b.close, "market", i, "close")?),
                volume: number(&b.volume, "market", i, "volume")?,
                float: number(&b.float, "market", i, "float")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    MarketData::from_bars(bars, "market")
}

fn index_rows(rows: &[IndexJs]) -> Result<IndexData, Error> {
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Ok((
                r.index.clone(),
                date(&r.date, "indices", i)?,
                Price(number(&r.close, "indices", i, "close")?),
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    IndexData::from_rows(rows, "indices")
}

/// A case given by id: one word of lower-case letters, digits and hyphens (a TOML text
/// always holds `=`).
fn case_id(spec: &str) -> Option<&str> {
    let id = spec.trim();
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .then_some(id)
}

/// The built-in case that `spec` names by id.
fn builtin(spec: &str) -> Option<&'static Case> {
    case_id(spec).and_then(cases::by_id)
}

/// The problem of a case id that names no built-in case.
fn unknown_case(spec: &JsValue) -> Option<JsValue> {
    let text = spec.as_string()?;
    let id = case_id(&text)?;
    if cases::by_id(id).is_some() {
        return None;
    }
    let ids: Vec<&str> = cases::builtin().iter().map(|c| c.id.as_str()).collect();
    Some(problem(
        "unknown-case",
        format!("没有编号为“{id}”的内置案件。内置案件：{}", ids.join("、")),
        format!("no built-in case has the id “{id}”. Built-in cases: {}", ids.join(", ")),
        None,
    ))
}

fn parse_lang(lang: Option<&str>) -> Result<Lang, JsError> {
    match lang {
        None => Ok(Lang::Zh),
        Some(l) => Lang::parse(l)
            .ok_or_else(|| JsError::new(&format!("options.lang: `{l}` is not zh or en"))),
    }
}

/// A problem found by this binding (not by the core), in the shape of [`reply`].
fn problem(code: &str, message: String, message_en: String, file: Option<&str>) -> JsValue {
    let value = json!({
        "ok": false,
        "error": {
            "code": code, "message": message, "message_en": message_en,
            "file": file, "row": null, "column": null, "field": null,
        }
    });
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

fn to_js(value: &Value) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&value.to_string()).map_err(|_| JsError::new("internal: bad JSON"))
}

fn reply(outcome: Result<Value, Error>) -> JsValue {
    let value = match outcome {
        Ok(value) => json!({ "ok": true, "value": value }),
        Err(e) => {
            let at = e.at.as_deref();
            json!({
                "ok": false,
                "error": {
                    "code": e.code(),
                    "message": e.message(Lang::Zh),
                    "message_en": e.message(Lang::En),
                    "file": at.map(|a| a.file.clone()),
                    "row": at.and_then(|a| a.row),
                    "column": at.and_then(|a| a.column.clone()),
                    "field": at.and_then(|a| a.field.clone()),
                }
            })
        }
    };
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
