//! Bot. (Being written.)
use crate::{Analysis, BotDefinition, Message, Result, Error};
/// Training options.
#[derive(Clone, Debug, Default)]
pub struct TrainOptions { /// seed
pub seed: u64 }
/// A trained bot.
#[derive(Clone, Debug)]
pub struct Bot;
impl Bot {
 /// Train.
 pub fn train(_d: &BotDefinition, _o: &TrainOptions) -> Result<Bot> { Ok(Bot) }
 /// Bytes.
 pub fn to_bytes(&self) -> Vec<u8> { vec![] }
 /// From bytes.
 pub fn from_bytes(_b: &[u8]) -> Result<Bot> { Err(Error::new(crate::ErrorKind::Bundle, "bad magic")) }
 /// Analyze.
 pub fn analyze(&self, _m: &Message) -> Analysis { todo!() }
}
