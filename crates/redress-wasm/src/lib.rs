//! The JS API of Redress for embedders: one thin file of adapters (JSON in, core call,
//! JSON out). Inputs and outputs are plain JS objects in the shapes of interfaces.md,
//! with decimals as strings; `index.d.ts` beside this crate declares them.
//!
//! Every function returns `{ ok: true, value }` or `{ ok: false, error: { code, message,
//! file?, row?, column?, field? } }` for a problem with the data; it throws an `Error`
//! only for a programmer mistake (an argument of the wrong type).

use redress::canonical::{self, Cells};
use redress::case::Method;
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
    let args = Args::read(&input, &case_spec, &options)?;
    Ok(reply(args.run(|input, options| redress::estimate(input, options).map(|e| json!(e)))))
}

/// `compare(input, caseSpec, options?)`: the four methods with and without the case's
/// deductions.
#[wasm_bindgen]
pub fn compare(input: JsValue, case_spec: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let args = Args::read(&input, &case_spec, &options)?;
    Ok(reply(args.run(|input, options| redress::compare(input, options.lang).map(|c| json!(c)))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputJs {
    trades: Rows<TradeJs>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TradeJs {
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
}

struct Args {
    input: InputJs,
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
        let input: InputJs = to_json(input, "input")?;
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
        let lang = match options.lang.as_deref() {
            None => Lang::Zh,
            Some(l) => Lang::parse(l)
                .ok_or_else(|| JsError::new(&format!("options.lang: `{l}` is not zh or en")))?,
        };
        let case = if let Some(text) = case_spec.as_string() {
            Case::from_toml(&text, &case_file)
        } else if case_spec.is_object() {
            let text = js_sys::JSON::stringify(case_spec)
                .map_err(|_| JsError::new("case: not serialisable"))?;
            Case::from_json(&String::from(text), &case_file)
        } else {
            return Err(JsError::new("case: expected a TOML string or a case object"));
        };
        Ok(Args {
            input,
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
        let case = self.case?;
        let lang = self.options.lang;
        let mut files = self.input.files.clone();
        let count = match &self.input.trades {
            Rows::Csvs(texts) => texts.len(),
            _ => 1,
        };
        for i in files.len()..count {
            files.push(format!("{}{}", lang.pick("交易记录", "trades"), i + 1));
        }
        let trades = trades(&self.input.trades, &files)?;
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
        let input = Input {
            case: &case,
            trades: &trades,
            files: &files,
            opening_position: self.input.opening_position,
            market: market.as_ref(),
            indices: indices.as_ref(),
        };
        f(&input, &self.options)
    }
}

fn trades(rows: &Rows<TradeJs>, files: &[String]) -> Result<Vec<Trade>, Error> {
    let name = files[0].as_str();
    match rows {
        Rows::Csv(text) => canonical::read_csv(text, name, 0, "A"),
        Rows::Csvs(texts) => {
            let mut all = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                // Each file is one account, labelled by its name unless its rows say.
                let file = u32::try_from(i).unwrap_or(u32::MAX);
                let account = files[i].rsplit_once('.').map_or(files[i].as_str(), |(stem, _)| stem);
                all.extend(canonical::read_csv(text, &files[i], file, account)?);
            }
            Ok(all)
        }
        Rows::Objects(rows) => rows
            .iter()
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
                // Rows are numbered from 1, as a person counts the objects of an array.
                let origin = Origin { file: 0, row: u32::try_from(i + 1).unwrap_or(u32::MAX) };
                canonical::parse_row(&cells, name, origin, "A")
            })
            .collect(),
    }
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
