//! The batch calls: `threads=` and the pipeline that overlaps the work with
//! building the Python results.
//!
//! Building result dicts needs the GIL, so only one thread can do it, and
//! for a full analysis it costs about a third as much as the analysis
//! itself: analyzing everything in parallel and then building the results
//! would leave the other cores idle for that third (Amdahl's law caps 2
//! threads at about 1.5×). Instead, [`pipeline`] cuts the items into chunks
//! that the worker threads *and* the calling thread claim in turn; the
//! calling thread builds each finished chunk's results, in order, as soon
//! as it is ready (holding the GIL only for that), and analyzes chunks
//! itself while it waits (with the GIL released). `threads=N` means N
//! threads in all, the caller included; `threads=1` runs on the caller only.
//!
//! Workers run a bounded window of chunks ahead of the builder, so memory
//! stays proportional to the window, not to the batch. Panics are caught
//! per chunk ([`guard`]) and reported as `InternalError`. The caller checks
//! for signals between chunks, so Ctrl-C stops a long batch.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert;
use crate::errors::{guard, invalid, wrong_type, KResult};

/// The number of threads of a batch call: `None` or a positive `int`.
pub(crate) fn from_arg(obj: Option<&Bound<'_, PyAny>>) -> KResult<usize> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(std::thread::available_parallelism().map_or(1, |n| n.get()));
    };
    if obj.is_instance_of::<pyo3::types::PyBool>() || !obj.is_instance_of::<pyo3::types::PyInt>() {
        return Err(wrong_type(format!(
            "threads: expected a positive int or None, found {}",
            convert::type_name(obj)
        )));
    }
    match obj.extract::<i64>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n as usize),
        _ => Err(invalid(format!(
            "threads: expected 1 to 1024 threads or None (one per core), found {}",
            obj.str()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))),
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while holding these locks; recover the data anyway.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Chunks of a batch, claimed by threads in turn.
struct Shared<'a, T, F> {
    items: &'a [T],
    f: &'a F,
    chunk: usize,
    chunks: usize,
    /// Chunks ahead of the builder that may be in flight.
    window: usize,
    next: AtomicUsize,
    built: AtomicUsize,
    cancel: AtomicBool,
    slots: Vec<Mutex<Option<KResult<Vec<String>>>>>,
    sync: Mutex<()>,
    wake: Condvar,
}

impl<T: Sync, F: Fn(&T) -> KResult<String> + Sync> Shared<'_, T, F> {
    fn work(&self, i: usize) {
        let start = i * self.chunk;
        let end = (start + self.chunk).min(self.items.len());
        let result = guard(|| self.items[start..end].iter().map(self.f).collect());
        *lock(&self.slots[i]) = Some(result);
        let _g = lock(&self.sync);
        self.wake.notify_all();
    }

    /// A worker thread: claims chunks until none is left, staying within
    /// the window ahead of the builder.
    fn worker(&self) {
        loop {
            if self.cancel.load(Ordering::Acquire) {
                return;
            }
            let i = self.next.fetch_add(1, Ordering::AcqRel);
            if i >= self.chunks {
                return;
            }
            {
                let mut g = lock(&self.sync);
                while i >= self.built.load(Ordering::Acquire) + self.window
                    && !self.cancel.load(Ordering::Acquire)
                {
                    g = self.wake.wait(g).unwrap_or_else(|e| e.into_inner());
                }
            }
            if self.cancel.load(Ordering::Acquire) {
                return;
            }
            self.work(i);
        }
    }

    /// The calling thread, GIL released: chunk `i`'s result, working on
    /// unclaimed chunks (within the window) while it is not ready.
    fn wait_for(&self, i: usize) -> KResult<Vec<String>> {
        loop {
            if let Some(r) = lock(&self.slots[i]).take() {
                return r;
            }
            let next = self.next.load(Ordering::Acquire);
            if next < self.chunks && next < i + self.window {
                let j = self.next.fetch_add(1, Ordering::AcqRel);
                if j < self.chunks {
                    self.work(j);
                    continue;
                }
            }
            let g = lock(&self.sync);
            if lock(&self.slots[i]).is_some() {
                continue;
            }
            drop(self.wake.wait(g).unwrap_or_else(|e| e.into_inner()));
        }
    }

    fn finish_chunk(&self, i: usize) {
        self.built.store(i + 1, Ordering::Release);
        let _g = lock(&self.sync);
        self.wake.notify_all();
    }

    fn stop(&self) {
        self.cancel.store(true, Ordering::Release);
        let _g = lock(&self.sync);
        self.wake.notify_all();
    }
}

/// `f` over `items` on `threads` threads (the caller included), results as
/// a Python list in order, each result being the value of the JSON text
/// `f` returns (see [`convert::loads`]). See the module docs.
pub(crate) fn pipeline<'py, T, F>(
    py: Python<'py>,
    items: &[T],
    threads: usize,
    f: F,
) -> PyResult<Bound<'py, PyList>>
where
    T: Sync,
    F: Fn(&T) -> KResult<String> + Sync,
{
    let n = items.len();
    let threads = threads.clamp(1, 1024);
    // Chunks small enough to keep every thread busy, large enough that
    // claiming them costs nothing.
    let chunk = (n / (threads * 16)).clamp(8, 256);
    let chunks = n.div_ceil(chunk);
    let shared = Shared {
        items,
        f: &f,
        chunk,
        chunks,
        window: 4 * threads,
        next: AtomicUsize::new(0),
        built: AtomicUsize::new(0),
        cancel: AtomicBool::new(false),
        slots: (0..chunks).map(|_| Mutex::new(None)).collect(),
        sync: Mutex::new(()),
        wake: Condvar::new(),
    };
    let mut builder = convert::Loads::new(py)?;
    let workers = (threads - 1).min(chunks.saturating_sub(1));
    let built = std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| shared.worker());
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..chunks {
            let step = py
                .detach(|| shared.wait_for(i))
                .map_err(PyErr::from)
                .and_then(|texts| {
                    for t in texts {
                        out.push(builder.load(&t)?);
                    }
                    py.check_signals()
                });
            if let Err(e) = step {
                shared.stop();
                return Err(e);
            }
            shared.finish_chunk(i);
        }
        Ok(out)
    });
    let finished = builder.finish();
    let list = PyList::new(py, built?)?;
    finished?;
    Ok(list)
}

/// `f` over `items` on `threads` threads (the caller included), for
/// results that stay in Rust; the GIL must be released by the caller.
pub(crate) fn par_map<T: Sync, U: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let n = items.len();
    let threads = threads.clamp(1, 1024).min(n.max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let per = n.div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(per)
            .skip(1)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<U>>()))
            .collect();
        let mut out: Vec<U> = items
            .chunks(per)
            .next()
            .unwrap_or(&[])
            .iter()
            .map(f)
            .collect();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                // Re-raise a worker's panic here, where `guard` catches it.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        out
    })
}
