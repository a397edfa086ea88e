//! [`TransferCtx`]: what one running transfer needs, and the subtask discipline both engines'
//! transfers follow (cancellation guards, request slots, first error wins).

use std::future::Future;
use std::sync::Arc;

use crate::error::{panic_message, Result, TransferError};
use crate::future::{TransferCoordinator, TransferFuture};
use crate::subscriber::{notify, Subscriber};

use super::ManagerContext;

/// How long a stopped transfer waits for a request the server carries out anyway (see
/// [`TransferCtx::guard_unless`]) before it goes on with its cleanup.
pub(crate) const IN_PROGRESS_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// Everything a running transfer needs; cheap to clone into subtasks.
#[derive(Clone)]
pub(crate) struct TransferCtx {
    pub(crate) shared: Arc<ManagerContext>,
    pub(crate) future: TransferFuture,
    pub(crate) subscribers: Arc<[Arc<dyn Subscriber>]>,
}

impl TransferCtx {
    pub(crate) fn new(shared: Arc<ManagerContext>, future: TransferFuture, subscribers: Vec<Arc<dyn Subscriber>>) -> Self {
        Self { shared, future, subscribers: subscribers.into() }
    }

    pub(crate) fn coord(&self) -> &Arc<TransferCoordinator> {
        self.future.coordinator()
    }

    pub(crate) fn id(&self) -> u64 {
        self.coord().transfer_id()
    }

    pub(crate) fn client(&self) -> &aws_sdk_s3::Client {
        &self.shared.client
    }

    pub(crate) fn config(&self) -> &crate::config::TransferConfig {
        &self.shared.config
    }

    /// Reports progress to every subscriber (skips 0). A panicking subscriber fails the transfer
    /// with `Fatal`.
    pub(crate) fn progress(&self, n: i64) {
        if n == 0 || self.subscribers.is_empty() {
            return;
        }
        notify(&self.subscribers, &self.future, "on_progress", |s, f| s.on_progress(f, n));
    }

    /// The error to report once the transfer was cancelled or failed elsewhere.
    pub(crate) fn stop_error(&self) -> TransferError {
        self.coord().exception().unwrap_or_else(|| TransferError::cancelled(""))
    }

    /// `Err` if the transfer was cancelled or failed.
    pub(crate) fn check(&self) -> Result<()> {
        if self.coord().is_cancelled_or_failed() {
            Err(self.stop_error())
        } else {
            Ok(())
        }
    }

    /// Runs `f` unless/until the transfer is cancelled or fails.
    pub(crate) async fn guard<T>(&self, f: impl Future<Output = Result<T>>) -> Result<T> {
        let token = self.coord().token().clone();
        tokio::select! {
            biased;
            _ = token.cancelled() => Err(self.stop_error()),
            r = f => r,
        }
    }

    /// Like [`guard`](Self::guard), for a request the server may carry out whether or not anybody
    /// waits for the answer: if `in_progress()` is true when the transfer is cancelled or fails (an
    /// UploadPartCopy, always; an UploadPart whose whole body went out, or any UploadPart once
    /// another part failed), the request is not dropped but its answer awaited (at most
    /// [`IN_PROGRESS_GRACE`]), and then the transfer's stop error returned, so the
    /// AbortMultipartUpload that follows reaches S3 after it. (S3 documents that a part still in
    /// progress when its upload is aborted may be stored anyway.)
    pub(crate) async fn guard_unless<T>(&self, in_progress: impl Fn() -> bool, f: impl Future<Output = Result<T>>) -> Result<T> {
        let token = self.coord().token().clone();
        tokio::pin!(f);
        tokio::select! {
            biased;
            r = &mut f => return r,
            _ = token.cancelled() => {}
        }
        if in_progress() {
            let _ = tokio::time::timeout(IN_PROGRESS_GRACE, f).await;
        }
        Err(self.stop_error())
    }

    /// One of the manager's `max_request_concurrency` request slots.
    pub(crate) async fn request_slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit> {
        self.permit(self.shared.request_slots.clone()).await
    }

    /// A permit of `sem`, waiting unless/until the transfer is cancelled or fails.
    pub(crate) async fn permit(&self, sem: Arc<tokio::sync::Semaphore>) -> Result<tokio::sync::OwnedSemaphorePermit> {
        self.guard(async move { sem.acquire_owned().await.map_err(|_| TransferError::QueueShutdown) }).await
    }

    /// Spawns one request subtask (a part, a range) on the manager's runtime. `release` (which
    /// gives back the request slot and any other permit the subtask holds) runs when the subtask
    /// ends, and only after its error was recorded on the coordinator: a failure stops the
    /// transfer's producer and its other subtasks before the freed slot can start another
    /// request, so nothing more goes out after it.
    pub(crate) fn spawn_subtask<T: Send + 'static>(
        &self,
        set: &mut tokio::task::JoinSet<Result<T>>,
        work: impl Future<Output = Result<T>> + Send + 'static,
        release: impl FnOnce() + Send + 'static,
    ) {
        let ctx = self.clone();
        set.spawn_on(
            async move {
                let r = work.await.map_err(|e| ctx.fail(e));
                release();
                r
            },
            &self.shared.handle,
        );
    }

    /// Records `err` (first error wins) and returns it.
    pub(crate) fn fail(&self, err: TransferError) -> TransferError {
        self.coord().set_exception(err.clone(), false);
        err
    }
}

/// Joins a set of subtasks. A subtask error is recorded on the coordinator (first wins, which
/// also stops the others); the first error is returned after all finished.
pub(crate) async fn join_all<T: Send + 'static>(ctx: &TransferCtx, mut set: tokio::task::JoinSet<Result<T>>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut first: Option<TransferError> = None;
    while let Some(r) = set.join_next().await {
        match r {
            Ok(Ok(v)) => out.push(v),
            Ok(Err(e)) => {
                ctx.fail(e.clone());
                first.get_or_insert(e);
            }
            Err(j) => {
                let e = TransferError::Fatal {
                    message: if j.is_panic() {
                        format!("internal task panicked: {}", panic_message(&*j.into_panic()))
                    } else {
                        "internal task cancelled".to_owned()
                    },
                };
                ctx.fail(e.clone());
                first.get_or_insert(e);
            }
        }
    }
    match first {
        // Report the transfer's first error (which may be a cancel that caused this one).
        Some(e) => Err(ctx.coord().exception().unwrap_or(e)),
        None => Ok(out),
    }
}
