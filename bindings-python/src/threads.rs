//! The `threads=` argument of the batch calls.

use pyo3::prelude::*;
use rayon::prelude::*;

use crate::convert;
use crate::errors::{internal, invalid, wrong_type, KResult};

/// Where a batch runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Threads {
    /// rayon's process-wide pool: one thread per core.
    Global,
    /// A pool of this many threads, built for the call.
    Local(usize),
}

impl Threads {
    /// `None` or a positive `int`.
    pub(crate) fn from_arg(obj: Option<&Bound<'_, PyAny>>) -> KResult<Threads> {
        let Some(obj) = obj.filter(|o| !o.is_none()) else {
            return Ok(Threads::Global);
        };
        if obj.is_instance_of::<pyo3::types::PyBool>()
            || !obj.is_instance_of::<pyo3::types::PyInt>()
        {
            return Err(wrong_type(format!(
                "threads: expected a positive int or None, found {}",
                convert::type_name(obj)
            )));
        }
        match obj.extract::<i64>() {
            Ok(n) if (1..=1024).contains(&n) => Ok(Threads::Local(n as usize)),
            _ => Err(invalid(format!(
                "threads: expected 1 to 1024 threads or None (one per core), found {}",
                obj.str()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ))),
        }
    }

    /// Runs `f` on these threads: rayon calls inside `f` (such as the
    /// core's parallel `analyze_batch`) use them.
    pub(crate) fn run<T: Send>(self, f: impl FnOnce() -> KResult<T> + Send) -> KResult<T> {
        match self {
            Threads::Global => f(),
            Threads::Local(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .thread_name(|i| format!("kefu-{i}"))
                .build()
                .map_err(|e| internal(format!("cannot start {n} threads: {e}")))?
                .install(f),
        }
    }
}

/// `items.map(f)` in parallel on the current pool, in order; the first
/// error wins.
pub(crate) fn par_map<T: Sync, U: Send, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<U, E> + Sync + Send,
) -> Result<Vec<U>, E> {
    items.par_iter().map(f).collect()
}
