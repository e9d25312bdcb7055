//! Definition validation. (Being written.)
use crate::definition::BotDefinition;
use crate::error::Result;
pub(crate) fn validate(_def: &BotDefinition) -> Result<()> { Ok(()) }
