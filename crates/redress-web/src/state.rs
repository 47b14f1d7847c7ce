//! The page's state and its pure reducer (tested natively).

use std::rc::Rc;

use redress::{Case, Input, Lang, Options, canonical, format};
use yew::Reducible;

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The pasted text.
    pub text: String,
    /// The compensation, formatted, or the error message.
    pub outcome: Result<String, String>,
}

/// What the user did.
#[derive(Clone, Debug)]
pub enum Action {
    /// New text in the paste box.
    Paste(String),
}

impl State {
    /// The first page: the demo case computed on the sample trades.
    pub fn demo() -> State {
        State::compute(redress::DEMO_TRADES.to_owned())
    }

    fn compute(text: String) -> State {
        let outcome = estimate(&text);
        State { text, outcome }
    }
}

fn estimate(text: &str) -> Result<String, String> {
    let lang = Lang::Zh;
    let case = Case::from_toml(redress::DEMO_CASE, "demo.toml").map_err(|e| e.message(lang))?;
    let name = "粘贴的文本";
    let trades = canonical::read_csv(text, name, 0, "A").map_err(|e| e.message(lang))?;
    let files = [name.to_owned()];
    let input = Input {
        case: &case,
        trades: &trades,
        files: &files,
        opening_position: 0,
        market: None,
        indices: None,
    };
    let result = redress::estimate(&input, &Options::default()).map_err(|e| e.message(lang))?;
    Ok(format::yuan(result.compensation.0))
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Paste(text) => Rc::new(State::compute(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_page_shows_the_demo_result() {
        assert_eq!(State::demo().outcome, Ok("15,520.15".to_owned()));
    }

    #[test]
    fn a_bad_paste_names_the_row() {
        let s = Rc::new(State::demo())
            .reduce(Action::Paste("date,kind,quantity,price\n2021-99-01,buy,1,1\n".into()));
        assert!(s.outcome.as_ref().unwrap_err().contains("第 2 行"), "{:?}", s.outcome);
    }
}
