//! The semaphores that bound a manager's in-memory work (s3transfer's `TaskSemaphore` and
//! `SlidingWindowSemaphore`), usable from async and blocking code.
//!
//! [`SlidingWindowSemaphore`] hands out per-tag sequence numbers and frees a slot only when the
//! oldest outstanding sequence of that tag is released. Unlike upstream, every freed slot wakes
//! waiters (Python notifies a single waiter per release even when draining frees several).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// A non-blocking acquire that would have to wait.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("Cannot acquire tag '{0}'")]
pub struct NoResourcesAvailable(pub String);

/// Misuse of a [`SlidingWindowSemaphore`] (release of an unknown tag or sequence number).
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct SemaphoreError(pub String);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Shared wake-up machinery: a condvar for blocking waiters, a `Notify` for async ones.
#[derive(Default)]
struct Waiters {
    cv: Condvar,
    notify: tokio::sync::Notify,
}

impl Waiters {
    fn wake_all(&self) {
        self.cv.notify_all();
        self.notify.notify_waiters();
    }
}

/// A counting semaphore usable from async and blocking code.
pub struct TaskSemaphore {
    count: Mutex<usize>,
    waiters: Waiters,
}

impl TaskSemaphore {
    /// A semaphore with `count` permits.
    pub fn new(count: usize) -> Self {
        Self { count: Mutex::new(count), waiters: Waiters::default() }
    }

    /// Free permits.
    pub fn current_count(&self) -> usize {
        *lock(&self.count)
    }

    /// Takes a permit without waiting.
    pub fn try_acquire(&self, tag: u64) -> Result<u64, NoResourcesAvailable> {
        let mut c = lock(&self.count);
        if *c == 0 {
            return Err(NoResourcesAvailable(tag.to_string()));
        }
        *c -= 1;
        Ok(0)
    }

    /// Takes a permit, waiting asynchronously.
    pub async fn acquire(&self, tag: u64) -> u64 {
        loop {
            let notified = self.waiters.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Ok(t) = self.try_acquire(tag) {
                return t;
            }
            notified.await;
        }
    }

    /// Takes a permit, blocking the thread.
    pub fn acquire_blocking(&self, _tag: u64) -> u64 {
        let mut c = lock(&self.count);
        while *c == 0 {
            c = self.waiters.cv.wait(c).unwrap_or_else(|p| p.into_inner());
        }
        *c -= 1;
        0
    }

    /// Returns a permit.
    pub fn release(&self, _tag: u64, _token: u64) -> Result<(), SemaphoreError> {
        *lock(&self.count) += 1;
        self.waiters.wake_all();
        Ok(())
    }
}

#[derive(Default)]
struct WindowState {
    count: usize,
    tag_sequences: HashMap<u64, u64>,
    lowest_sequence: HashMap<u64, u64>,
    pending_release: HashMap<u64, BTreeSet<u64>>,
}

/// s3transfer's `SlidingWindowSemaphore`: at most `count` outstanding acquisitions per window,
/// slots returned only in sequence order per tag.
pub struct SlidingWindowSemaphore {
    state: Mutex<WindowState>,
    waiters: Waiters,
}

impl SlidingWindowSemaphore {
    /// A window of `count` slots.
    pub fn new(count: usize) -> Self {
        Self { state: Mutex::new(WindowState { count, ..Default::default() }), waiters: Waiters::default() }
    }

    /// Free slots.
    pub fn current_count(&self) -> usize {
        lock(&self.state).count
    }

    fn take(st: &mut WindowState, tag: u64) -> u64 {
        let seq = *st.tag_sequences.get(&tag).unwrap_or(&0);
        if seq == 0 {
            st.lowest_sequence.insert(tag, 0);
        }
        st.tag_sequences.insert(tag, seq + 1);
        st.count -= 1;
        seq
    }

    /// Takes the next sequence number of `tag` without waiting.
    pub fn try_acquire(&self, tag: u64) -> Result<u64, NoResourcesAvailable> {
        let mut st = lock(&self.state);
        if st.count == 0 {
            return Err(NoResourcesAvailable(tag.to_string()));
        }
        Ok(Self::take(&mut st, tag))
    }

    /// Takes the next sequence number of `tag`, waiting asynchronously for a free slot.
    pub async fn acquire(&self, tag: u64) -> u64 {
        loop {
            let notified = self.waiters.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Ok(s) = self.try_acquire(tag) {
                return s;
            }
            notified.await;
        }
    }

    /// Takes the next sequence number of `tag`, blocking the thread.
    pub fn acquire_blocking(&self, tag: u64) -> u64 {
        let mut st = lock(&self.state);
        while st.count == 0 {
            st = self.waiters.cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        Self::take(&mut st, tag)
    }

    /// Releases sequence `seq` of `tag`. Frees a slot (plus any pending later ones) only when `seq`
    /// is the lowest outstanding sequence; otherwise it is remembered.
    pub fn release(&self, tag: u64, seq: u64) -> Result<(), SemaphoreError> {
        let mut st = lock(&self.state);
        let Some(&lowest) = st.lowest_sequence.get(&tag) else {
            return Err(SemaphoreError(format!("Attempted to release unknown tag: {tag}")));
        };
        let next = st.tag_sequences[&tag];
        if seq == lowest {
            let mut lowest = lowest + 1;
            let mut freed = 1;
            let pending = st.pending_release.entry(tag).or_default();
            while pending.first() == Some(&lowest) {
                pending.pop_first();
                lowest += 1;
                freed += 1;
            }
            st.lowest_sequence.insert(tag, lowest);
            st.count += freed;
            drop(st);
            self.waiters.wake_all();
            Ok(())
        } else if lowest < seq && seq < next {
            let pending = st.pending_release.entry(tag).or_default();
            if !pending.insert(seq) {
                return Err(SemaphoreError(format!(
                    "Attempted to release unknown sequence number {seq} for tag: {tag}"
                )));
            }
            Ok(())
        } else {
            Err(SemaphoreError(format!("Attempted to release unknown sequence number {seq} for tag: {tag}")))
        }
    }

    /// Forgets a tag whose acquisitions are all released (Python never does; entries grew forever).
    pub fn forget(&self, tag: u64) {
        let mut st = lock(&self.state);
        if st.lowest_sequence.get(&tag) == st.tag_sequences.get(&tag) {
            st.lowest_sequence.remove(&tag);
            st.tag_sequences.remove(&tag);
            st.pending_release.remove(&tag);
        }
    }
}

/// Either kind of semaphore, as used by a [`BoundedExecutor`](crate::compat::executor::BoundedExecutor).
#[derive(Clone)]
pub enum TagSemaphore {
    /// A counting semaphore.
    Counting(Arc<TaskSemaphore>),
    /// A sliding window.
    SlidingWindow(Arc<SlidingWindowSemaphore>),
}

impl TagSemaphore {
    /// Acquires for `tag` (a transfer id), returning the release token.
    pub async fn acquire(&self, tag: u64) -> u64 {
        match self {
            TagSemaphore::Counting(s) => s.acquire(tag).await,
            TagSemaphore::SlidingWindow(s) => s.acquire(tag).await,
        }
    }

    /// Acquires without waiting.
    pub fn try_acquire(&self, tag: u64) -> Result<u64, NoResourcesAvailable> {
        match self {
            TagSemaphore::Counting(s) => s.try_acquire(tag),
            TagSemaphore::SlidingWindow(s) => s.try_acquire(tag),
        }
    }

    /// Releases a token.
    pub fn release(&self, tag: u64, token: u64) -> Result<(), SemaphoreError> {
        match self {
            TagSemaphore::Counting(s) => s.release(tag, token),
            TagSemaphore::SlidingWindow(s) => s.release(tag, token),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn task_semaphore_counts() {
        let s = TaskSemaphore::new(1);
        s.try_acquire(1).unwrap();
        assert_eq!(s.try_acquire(1).unwrap_err().to_string(), "Cannot acquire tag '1'");
        s.release(1, 0).unwrap();
        assert_eq!(s.current_count(), 1);
    }

    #[test]
    fn sliding_window_release_lowest_frees() {
        let s = SlidingWindowSemaphore::new(3);
        assert_eq!(s.try_acquire(7).unwrap(), 0);
        assert_eq!(s.try_acquire(7).unwrap(), 1);
        assert_eq!(s.current_count(), 1);
        s.release(7, 0).unwrap();
        assert_eq!(s.current_count(), 2);
    }

    #[test]
    fn sliding_window_out_of_order_pending() {
        let s = SlidingWindowSemaphore::new(3);
        for _ in 0..3 {
            s.try_acquire(1).unwrap();
        }
        assert_eq!(s.current_count(), 0);
        s.release(1, 2).unwrap();
        s.release(1, 1).unwrap();
        assert_eq!(s.current_count(), 0);
        s.release(1, 0).unwrap();
        assert_eq!(s.current_count(), 3);
    }

    #[test]
    fn sliding_window_per_tag_and_errors() {
        let s = SlidingWindowSemaphore::new(4);
        assert_eq!(s.try_acquire(1).unwrap(), 0);
        assert_eq!(s.try_acquire(2).unwrap(), 0);
        assert_eq!(s.try_acquire(1).unwrap(), 1);
        assert_eq!(s.release(9, 0).unwrap_err().0, "Attempted to release unknown tag: 9");
        assert!(s.release(1, 5).is_err());
        s.release(1, 0).unwrap();
        assert_eq!(
            s.release(1, 0).unwrap_err().0,
            "Attempted to release unknown sequence number 0 for tag: 1"
        );
        assert!(s.try_acquire(3).is_ok());
        assert!(s.try_acquire(3).is_ok());
        assert!(s.try_acquire(3).is_err());
    }

    #[test]
    fn sliding_window_blocks_and_wakes_every_waiter() {
        // Upstream woke one waiter per release: releasing the lowest drains two pending slots; both blocked acquirers must wake.
        let s = Arc::new(SlidingWindowSemaphore::new(3));
        for _ in 0..3 {
            s.try_acquire(1).unwrap();
        }
        s.release(1, 1).unwrap();
        s.release(1, 2).unwrap();
        let mut hs = Vec::new();
        for t in 0..3 {
            let s = s.clone();
            hs.push(std::thread::spawn(move || s.acquire_blocking(10 + t)));
        }
        std::thread::sleep(Duration::from_millis(30));
        s.release(1, 0).unwrap();
        for h in hs {
            assert_eq!(h.join().unwrap(), 0);
        }
        assert_eq!(s.current_count(), 0);
    }

    #[test]
    fn sliding_window_stress_invariant() {
        use rand::Rng;
        // Two tags, each holding at most 2 of 4 slots, releasing in random order.
        let s = Arc::new(SlidingWindowSemaphore::new(4));
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let mut hs = Vec::new();
            for tag in 0..2u64 {
                let s = s.clone();
                hs.push(tokio::spawn(async move {
                    for _ in 0..300 {
                        let k = rand::rng().random_range(1..=2);
                        let mut held = Vec::new();
                        for _ in 0..k {
                            held.push(s.acquire(tag).await);
                            assert!(s.current_count() <= 4);
                        }
                        while !held.is_empty() {
                            let i = rand::rng().random_range(0..held.len());
                            let seq = held.swap_remove(i);
                            s.release(tag, seq).unwrap();
                        }
                        tokio::task::yield_now().await;
                    }
                }));
            }
            for h in hs {
                tokio::time::timeout(Duration::from_secs(20), h).await.unwrap().unwrap();
            }
        });
        assert_eq!(s.current_count(), 4);
    }
}
