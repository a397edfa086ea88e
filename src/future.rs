//! Futures, metadata and the per-transfer state machine (s3transfer/futures.py).
//!
//! [`TransferCoordinator`] is s3transfer's coordinator: status
//! `NotStarted → Queued → Running → {Success, Failed, Cancelled}`, first error wins,
//! `set_result` overrides a late cancel, cancel of a not-started transfer announces at once,
//! `announce_done` runs failure cleanups (non-success only, once), then releases `result()`
//! waiters, then runs done callbacks (controller removal first, then each subscriber's `on_done`);
//! callbacks that panic are logged and swallowed.
//!
//! Additions: [`TransferCoordinator::add_cancel_hook`] (run once when the transfer is cancelled or
//! fails, so an engine can stop in-flight work such as a CRT meta-request), an async
//! [`TransferCoordinator::cancelled`] signal, and [`TransferFuture::result_timeout`].

use std::collections::HashMap;
use std::future::{Future, IntoFuture};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::config::Engine;
use crate::error::{Result, TransferError};
use crate::transfer::CallArgs;

type Callback = Box<dyn FnOnce() + Send + 'static>;

/// Status of a transfer (s3transfer's status strings: `not-started`, `queued`, `running`,
/// `cancelled`, `failed`, `success`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransferStatus {
    /// Created, not yet picked up.
    NotStarted,
    /// Picked up; `on_queued` subscribers run in this state.
    Queued,
    /// Requests are being made.
    Running,
    /// Cancelled (by the user, a shutdown, or a fatal error).
    Cancelled,
    /// Failed with an error.
    Failed,
    /// Completed successfully.
    Success,
}

impl TransferStatus {
    /// s3transfer's string for the status.
    pub fn as_str(&self) -> &'static str {
        match self {
            TransferStatus::NotStarted => "not-started",
            TransferStatus::Queued => "queued",
            TransferStatus::Running => "running",
            TransferStatus::Cancelled => "cancelled",
            TransferStatus::Failed => "failed",
            TransferStatus::Success => "success",
        }
    }

    /// True for `Cancelled`, `Failed` and `Success`.
    pub fn is_done(&self) -> bool {
        matches!(self, TransferStatus::Cancelled | TransferStatus::Failed | TransferStatus::Success)
    }
}

impl std::fmt::Display for TransferStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

struct State {
    status: TransferStatus,
    exception: Option<TransferError>,
    announced: bool,
}

/// The per-transfer state machine shared by the engine's tasks and the user's future.
pub struct TransferCoordinator {
    transfer_id: u64,
    state: Mutex<State>,
    done_cv: Condvar,
    done_tx: tokio::sync::watch::Sender<bool>,
    failure_cleanups: Mutex<Vec<Callback>>,
    done_callbacks: Mutex<Vec<Callback>>,
    cancel_hooks: Mutex<Option<Vec<Callback>>>,
    token: CancellationToken,
    associated: Mutex<HashMap<u64, ExecutorFuture>>,
    associated_changed: tokio::sync::Notify,
}

impl std::fmt::Debug for TransferCoordinator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferCoordinator")
            .field("transfer_id", &self.transfer_id)
            .field("status", &self.status())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn run_guarded(what: &str, cb: Callback) {
    if catch_unwind(AssertUnwindSafe(cb)).is_err() {
        tracing::warn!("a {what} panicked; ignored");
    }
}

impl TransferCoordinator {
    /// A coordinator in status `NotStarted`.
    pub fn new(transfer_id: u64) -> Self {
        Self {
            transfer_id,
            state: Mutex::new(State { status: TransferStatus::NotStarted, exception: None, announced: false }),
            done_cv: Condvar::new(),
            done_tx: tokio::sync::watch::channel(false).0,
            failure_cleanups: Mutex::new(Vec::new()),
            done_callbacks: Mutex::new(Vec::new()),
            cancel_hooks: Mutex::new(Some(Vec::new())),
            token: CancellationToken::new(),
            associated: Mutex::new(HashMap::new()),
            associated_changed: tokio::sync::Notify::new(),
        }
    }

    /// The transfer id.
    pub fn transfer_id(&self) -> u64 {
        self.transfer_id
    }

    /// Current status.
    pub fn status(&self) -> TransferStatus {
        lock(&self.state).status
    }

    /// True once the status is `Success`, `Failed` or `Cancelled` (`result()` may still block
    /// until completion is announced).
    pub fn done(&self) -> bool {
        self.status().is_done()
    }

    /// True once completion has been announced (`result()` no longer blocks).
    pub fn announced(&self) -> bool {
        lock(&self.state).announced
    }

    /// The recorded error, if any.
    pub fn exception(&self) -> Option<TransferError> {
        lock(&self.state).exception.clone()
    }

    fn transition(&self, to: TransferStatus) -> Result<()> {
        let mut st = lock(&self.state);
        if st.status.is_done() {
            return Err(TransferError::invalid(format!(
                "Unable to transition from done state {} to non-done state {}.",
                st.status, to
            )));
        }
        st.status = to;
        Ok(())
    }

    /// `NotStarted → Queued`; an error if the transfer is already done.
    pub fn set_status_to_queued(&self) -> Result<()> {
        self.transition(TransferStatus::Queued)
    }

    /// `Queued → Running`; an error if the transfer is already done.
    pub fn set_status_to_running(&self) -> Result<()> {
        self.transition(TransferStatus::Running)
    }

    /// Marks success (from any state: it overrides a cancel that landed after the final request ran).
    pub fn set_result(&self) {
        let mut st = lock(&self.state);
        st.status = TransferStatus::Success;
        st.exception = None;
    }

    /// Records an error and marks the transfer failed. Without `override_existing`, only the first
    /// error of a not-done transfer is kept; with it, the error replaces anything (even success).
    pub fn set_exception(&self, err: TransferError, override_existing: bool) {
        {
            let mut st = lock(&self.state);
            if st.status.is_done() && !override_existing {
                return;
            }
            st.status = TransferStatus::Failed;
            st.exception = Some(err);
        }
        self.fire_cancel();
    }

    /// Cancels with `Cancelled { message }`. See [`TransferCoordinator::cancel_with`].
    pub fn cancel(&self, message: &str) {
        self.cancel_with(TransferError::cancelled(message));
    }

    /// Cancels with the given error (e.g. [`TransferError::Fatal`]). A not-started transfer is
    /// announced done at once, in the caller's thread; a queued or running one becomes `Cancelled`
    /// now and is announced when its in-flight work has drained; a done transfer is unchanged.
    pub fn cancel_with(&self, err: TransferError) {
        let announce_now;
        {
            let mut st = lock(&self.state);
            if st.status.is_done() {
                return;
            }
            announce_now = st.status == TransferStatus::NotStarted;
            st.status = TransferStatus::Cancelled;
            st.exception = Some(err);
        }
        self.fire_cancel();
        if announce_now {
            self.announce_done();
        }
    }

    fn fire_cancel(&self) {
        self.token.cancel();
        let hooks = lock(&self.cancel_hooks).take();
        for h in hooks.into_iter().flatten() {
            run_guarded("cancel hook", h);
        }
    }

    /// Runs `hook` once when the transfer is cancelled or fails (at once if it already has).
    pub fn add_cancel_hook(&self, hook: Box<dyn FnOnce() + Send + 'static>) {
        let mut hooks = lock(&self.cancel_hooks);
        match hooks.as_mut() {
            Some(v) => v.push(hook),
            None => {
                drop(hooks);
                run_guarded("cancel hook", hook);
            }
        }
    }

    /// Completes when the transfer is cancelled or fails (not on success).
    pub async fn cancelled(&self) {
        self.token.cancelled().await
    }

    /// True once the transfer has been cancelled or has failed.
    pub fn is_cancelled_or_failed(&self) -> bool {
        self.token.is_cancelled()
    }

    pub(crate) fn token(&self) -> &CancellationToken {
        &self.token
    }

    /// Registers a callback run once at announcement if the transfer did not succeed.
    pub fn add_failure_cleanup(&self, f: impl FnOnce() + Send + 'static) {
        lock(&self.failure_cleanups).push(Box::new(f));
    }

    /// Registers a callback run once at announcement (any outcome), after `result()` waiters
    /// are released. If completion was already announced it runs at once.
    pub fn add_done_callback(&self, f: impl FnOnce() + Send + 'static) {
        let announced = {
            let st = lock(&self.state);
            if !st.announced {
                lock(&self.done_callbacks).push(Box::new(f));
                return;
            }
            st.announced
        };
        debug_assert!(announced);
        run_guarded("done callback", Box::new(f));
    }

    /// Announces completion: failure cleanups (non-success only), then the done event, then
    /// done callbacks. Each list runs at most once; panics are logged and swallowed.
    pub fn announce_done(&self) {
        if self.status() != TransferStatus::Success {
            let cleanups = std::mem::take(&mut *lock(&self.failure_cleanups));
            for c in cleanups {
                run_guarded("failure cleanup", c);
            }
        }
        {
            let mut st = lock(&self.state);
            st.announced = true;
            self.done_cv.notify_all();
        }
        self.done_tx.send_replace(true);
        loop {
            let cbs = std::mem::take(&mut *lock(&self.done_callbacks));
            if cbs.is_empty() {
                break;
            }
            for c in cbs {
                run_guarded("done callback", c);
            }
        }
    }

    fn outcome(st: &State) -> Result<()> {
        match &st.exception {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Blocks until completion is announced, then returns the outcome.
    pub fn result(&self) -> Result<()> {
        let mut st = lock(&self.state);
        while !st.announced {
            st = self.done_cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        Self::outcome(&st)
    }

    /// Like [`TransferCoordinator::result`] with a limit; `Err(Timeout)` if not done in time.
    pub fn result_timeout(&self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        let mut st = lock(&self.state);
        while !st.announced {
            let now = Instant::now();
            if now >= deadline {
                return Err(TransferError::Timeout);
            }
            st = self.done_cv.wait_timeout(st, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
        }
        Self::outcome(&st)
    }

    /// Waits (asynchronously) until completion is announced, then returns the outcome.
    pub async fn wait(&self) -> Result<()> {
        let mut rx = self.done_tx.subscribe();
        let _ = rx.wait_for(|d| *d).await;
        Self::outcome(&lock(&self.state))
    }

    /// Tracks a task of this transfer until it completes.
    pub fn add_associated_future(&self, fut: ExecutorFuture) {
        lock(&self.associated).insert(fut.id(), fut);
        self.associated_changed.notify_waiters();
    }

    /// Stops tracking a task.
    pub fn remove_associated_future(&self, id: u64) {
        lock(&self.associated).remove(&id);
        self.associated_changed.notify_waiters();
    }

    /// The tasks currently tracked.
    pub fn associated_futures(&self) -> Vec<ExecutorFuture> {
        lock(&self.associated).values().cloned().collect()
    }

    /// Waits until every tracked task (including ones added while waiting) has completed.
    pub async fn wait_for_associated(&self) {
        loop {
            let futs = self.associated_futures();
            if futs.is_empty() {
                return;
            }
            for f in futs {
                f.wait().await;
                self.remove_associated_future(f.id());
            }
        }
    }
}

/// Metadata of one transfer (s3transfer's `TransferMeta`).
#[derive(Debug)]
pub struct TransferMeta {
    call_args: CallArgs,
    transfer_id: u64,
    size: Mutex<Option<u64>>,
    etag: Mutex<Option<String>>,
    user_context: Mutex<HashMap<String, String>>,
    engine: Mutex<Engine>,
}

impl TransferMeta {
    /// New metadata (size and ETag unknown).
    pub fn new(call_args: CallArgs, transfer_id: u64) -> Self {
        Self {
            call_args,
            transfer_id,
            size: Mutex::new(None),
            etag: Mutex::new(None),
            user_context: Mutex::new(HashMap::new()),
            engine: Mutex::new(Engine::Auto),
        }
    }

    /// The call's arguments.
    pub fn call_args(&self) -> &CallArgs {
        &self.call_args
    }

    /// The transfer id (0, 1, 2, ... per manager).
    pub fn transfer_id(&self) -> u64 {
        self.transfer_id
    }

    /// The transfer size once known.
    pub fn size(&self) -> Option<u64> {
        *lock(&self.size)
    }

    /// The object's ETag once known (downloads, copies).
    pub fn etag(&self) -> Option<String> {
        lock(&self.etag).clone()
    }

    /// Tells the transfer its size (e.g. from `on_queued`, to skip probing an upload's size).
    pub fn provide_transfer_size(&self, size: u64) {
        *lock(&self.size) = Some(size);
    }

    /// Tells the transfer the object's ETag (with the size, lets downloads/copies skip HeadObject).
    pub fn provide_object_etag(&self, etag: impl Into<String>) {
        *lock(&self.etag) = Some(etag.into());
    }

    /// A map for the caller's own use.
    pub fn user_context(&self) -> MutexGuard<'_, HashMap<String, String>> {
        lock(&self.user_context)
    }

    /// The engine that runs (ran) the transfer (`Auto` until decided).
    pub fn engine(&self) -> Engine {
        *lock(&self.engine)
    }

    pub(crate) fn set_engine(&self, engine: Engine) {
        *lock(&self.engine) = engine;
    }
}

/// The handle of one transfer. Cheap to clone. Wait with [`TransferFuture::result`] (blocking) or
/// `.await`.
///
/// ```no_run
/// # async fn demo(tm: s3transfer::TransferManager) -> s3transfer::Result<()> {
/// let future = tm.upload(std::path::Path::new("/tmp/data.bin"), "bucket", "key").start()?;
/// println!("transfer {} is {}", future.meta().transfer_id(), future.status());
/// future.await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TransferFuture {
    meta: Arc<TransferMeta>,
    coordinator: Arc<TransferCoordinator>,
}

impl std::fmt::Debug for TransferFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferFuture")
            .field("transfer_id", &self.meta.transfer_id)
            .field("status", &self.status())
            .finish()
    }
}

impl TransferFuture {
    /// A future over the given metadata and coordinator.
    pub fn new(meta: Arc<TransferMeta>, coordinator: Arc<TransferCoordinator>) -> Self {
        Self { meta, coordinator }
    }

    /// The transfer's metadata.
    pub fn meta(&self) -> &TransferMeta {
        &self.meta
    }

    /// Shared handle on the metadata.
    pub fn meta_arc(&self) -> &Arc<TransferMeta> {
        &self.meta
    }

    /// True once the status is final (see [`TransferCoordinator::done`]).
    pub fn done(&self) -> bool {
        self.coordinator.done()
    }

    /// Blocks until the transfer is done; `Ok(())` on success, else its error. Do not call from
    /// inside an async task (use `.await` or [`TransferFuture::wait`]).
    pub fn result(&self) -> Result<()> {
        self.coordinator.result()
    }

    /// Like [`TransferFuture::result`], giving up after `timeout` with `Err(Timeout)`; the
    /// transfer keeps running.
    pub fn result_timeout(&self, timeout: Duration) -> Result<()> {
        self.coordinator.result_timeout(timeout)
    }

    /// Waits asynchronously until the transfer is done.
    pub async fn wait(&self) -> Result<()> {
        self.coordinator.wait().await
    }

    /// Cancels the transfer with `Cancelled { message: "" }`.
    pub fn cancel(&self) {
        self.coordinator.cancel("");
    }

    /// Current status.
    pub fn status(&self) -> TransferStatus {
        self.coordinator.status()
    }

    /// The coordinator.
    pub fn coordinator(&self) -> &Arc<TransferCoordinator> {
        &self.coordinator
    }

    /// Forces the outcome to `err` (overriding success); only allowed once done
    /// (`TransferNotDone` otherwise).
    pub fn set_exception(&self, err: TransferError) -> Result<()> {
        if !self.done() {
            return Err(TransferError::TransferNotDone);
        }
        self.coordinator.set_exception(err, true);
        Ok(())
    }
}

impl IntoFuture for TransferFuture {
    type Output = Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<()>> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.coordinator.wait().await })
    }
}

struct FutureState {
    done: Mutex<bool>,
    notify: tokio::sync::Notify,
    cv: Condvar,
}

/// Handle on a task submitted to an executor (s3transfer's `ExecutorFuture`; see
/// [`BoundedExecutor`](crate::compat::executor::BoundedExecutor)).
#[derive(Clone)]
pub struct ExecutorFuture {
    id: u64,
    state: Arc<FutureState>,
}

impl std::fmt::Debug for ExecutorFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExecutorFuture").field("id", &self.id).field("done", &self.done()).finish()
    }
}

static NEXT_FUTURE_ID: AtomicU64 = AtomicU64::new(0);

impl ExecutorFuture {
    /// A handle that is not done yet.
    pub fn pending() -> Self {
        Self {
            id: NEXT_FUTURE_ID.fetch_add(1, Ordering::Relaxed),
            state: Arc::new(FutureState { done: Mutex::new(false), notify: Default::default(), cv: Condvar::new() }),
        }
    }

    /// Unique id of the handle.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// True once the task finished (whatever its outcome).
    pub fn done(&self) -> bool {
        *lock(&self.state.done)
    }

    /// Marks the task finished.
    pub fn set_done(&self) {
        *lock(&self.state.done) = true;
        self.state.cv.notify_all();
        self.state.notify.notify_waiters();
    }

    /// Waits asynchronously for the task to finish.
    pub async fn wait(&self) {
        loop {
            let notified = self.state.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.done() {
                return;
            }
            notified.await;
        }
    }

    /// Blocks until the task finishes.
    pub fn wait_blocking(&self) {
        let mut d = lock(&self.state.done);
        while !*d {
            d = self.state.cv.wait(d).unwrap_or_else(|p| p.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn initial_and_transitions() {
        let c = TransferCoordinator::new(0);
        assert_eq!(c.status(), TransferStatus::NotStarted);
        assert!(!c.done());
        c.set_status_to_queued().unwrap();
        assert_eq!(c.status(), TransferStatus::Queued);
        c.set_status_to_running().unwrap();
        c.set_result();
        let e = c.set_status_to_queued().unwrap_err();
        assert_eq!(e.to_string(), "Unable to transition from done state success to non-done state queued.");
        assert!(c.set_status_to_running().is_err());
    }

    #[test]
    fn first_error_wins_and_override() {
        let c = TransferCoordinator::new(1);
        c.set_status_to_queued().unwrap();
        c.set_exception(TransferError::invalid("first"), false);
        c.set_exception(TransferError::invalid("second"), false);
        assert_eq!(c.exception().unwrap().to_string(), "first");
        assert_eq!(c.status(), TransferStatus::Failed);
        c.set_exception(TransferError::invalid("third"), true);
        assert_eq!(c.exception().unwrap().to_string(), "third");
        c.set_result();
        c.set_exception(TransferError::invalid("fourth"), true);
        assert_eq!(c.status(), TransferStatus::Failed);
    }

    #[test]
    fn set_result_overrides_cancel() {
        let c = TransferCoordinator::new(1);
        c.set_status_to_queued().unwrap();
        c.cancel("x");
        assert_eq!(c.status(), TransferStatus::Cancelled);
        c.set_result();
        assert_eq!(c.status(), TransferStatus::Success);
        assert!(c.exception().is_none());
    }

    #[test]
    fn cancel_not_started_announces_immediately() {
        let c = Arc::new(TransferCoordinator::new(1));
        let ran = Arc::new(AtomicUsize::new(0));
        let r = ran.clone();
        let c2 = c.clone();
        c.add_done_callback(move || {
            // done event is set before done callbacks: result() must not block here.
            assert!(c2.result().unwrap_err().is_cancelled());
            r.fetch_add(1, Ordering::SeqCst);
        });
        c.cancel("");
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        assert_eq!(c.result().unwrap_err(), TransferError::cancelled(""));
    }

    #[test]
    fn cancel_running_defers_announce() {
        let c = TransferCoordinator::new(1);
        c.set_status_to_queued().unwrap();
        c.set_status_to_running().unwrap();
        c.cancel("msg");
        assert!(c.done());
        assert_eq!(c.result_timeout(Duration::from_millis(20)).unwrap_err(), TransferError::Timeout);
        c.announce_done();
        assert_eq!(c.result().unwrap_err(), TransferError::cancelled("msg"));
        // cancel after done is a no-op
        c.cancel("other");
        assert_eq!(c.result().unwrap_err(), TransferError::cancelled("msg"));
    }

    #[test]
    fn cleanups_once_only_on_failure_and_callbacks_swallow_panics() {
        let ok = TransferCoordinator::new(1);
        let n = Arc::new(AtomicUsize::new(0));
        let n2 = n.clone();
        ok.add_failure_cleanup(move || {
            n2.fetch_add(1, Ordering::SeqCst);
        });
        ok.set_result();
        ok.announce_done();
        assert_eq!(n.load(Ordering::SeqCst), 0);

        let bad = TransferCoordinator::new(2);
        let n3 = n.clone();
        bad.add_failure_cleanup(move || {
            n3.fetch_add(1, Ordering::SeqCst);
        });
        bad.add_done_callback(|| panic!("boom"));
        let n4 = n.clone();
        bad.add_done_callback(move || {
            n4.fetch_add(10, Ordering::SeqCst);
        });
        bad.set_exception(TransferError::invalid("x"), false);
        bad.announce_done();
        bad.announce_done();
        assert_eq!(n.load(Ordering::SeqCst), 11);
    }

    #[test]
    fn cancel_hooks_run_once() {
        let c = TransferCoordinator::new(1);
        let n = Arc::new(AtomicUsize::new(0));
        let n2 = n.clone();
        c.add_cancel_hook(Box::new(move || {
            n2.fetch_add(1, Ordering::SeqCst);
        }));
        c.set_status_to_queued().unwrap();
        c.cancel("a");
        c.set_exception(TransferError::invalid("b"), true);
        assert_eq!(n.load(Ordering::SeqCst), 1);
        let n3 = n.clone();
        c.add_cancel_hook(Box::new(move || {
            n3.fetch_add(1, Ordering::SeqCst);
        }));
        assert_eq!(n.load(Ordering::SeqCst), 2);
        assert!(c.is_cancelled_or_failed());
    }

    #[test]
    fn future_set_exception_requires_done() {
        let meta = Arc::new(TransferMeta::new(
            CallArgs {
                operation: "delete",
                bucket: "b".into(),
                key: "k".into(),
                extra_args: crate::args::ExtraArgs::new(),
                fileobj: None,
                copy_source: None,
                subscribers: 0,
            },
            7,
        ));
        let f = TransferFuture::new(meta, Arc::new(TransferCoordinator::new(7)));
        assert_eq!(f.set_exception(TransferError::invalid("x")).unwrap_err(), TransferError::TransferNotDone);
        f.coordinator().set_result();
        f.set_exception(TransferError::invalid("x")).unwrap();
        assert_eq!(f.status(), TransferStatus::Failed);
        f.meta().provide_transfer_size(5);
        f.meta().provide_object_etag("\"e\"");
        f.meta().user_context().insert("a".into(), "b".into());
        assert_eq!(f.meta().size(), Some(5));
        assert_eq!(f.meta().etag().as_deref(), Some("\"e\""));
        assert_eq!(f.meta().transfer_id(), 7);
    }
}
