//! Running one meta-request for a transfer: sent, tied to the transfer's cancellation, its progress
//! reported to the subscribers, its result awaited.

use std::sync::Arc;

use crate::crt::s3::{MetaRequest, MetaRequestOptions, MetaRequestOutput, Progress, S3Client, S3RequestError};
use crate::error::Result;
use crate::runtime::TransferCtx;
use crate::subscriber::notify;

use super::errors::from_request_error;

/// The progress callback: the CRT's byte counts go to every subscriber; a panicking subscriber
/// fails the transfer with `Fatal` (which cancels the meta-request through the cancel hook).
pub(super) fn progress_callback(ctx: &TransferCtx) -> impl FnMut(Progress) + Send + 'static {
    let future = ctx.future.clone();
    let subscribers = ctx.subscribers.clone();
    move |p: Progress| {
        if p.total > 0 && future.meta().size().is_none() {
            future.meta().provide_transfer_size(p.total);
        }
        if p.bytes == 0 || subscribers.is_empty() {
            return;
        }
        let n = i64::try_from(p.bytes).unwrap_or(i64::MAX);
        notify(&subscribers, &future, "on_progress", |s, f| s.on_progress(f, n));
    }
}

/// Sends the meta-request, wires `cancel()` to it, and waits for the CRT's finish callback.
/// `Err` if the transfer was cancelled or failed elsewhere (e.g. a panicking subscriber) and the
/// meta-request did not complete; otherwise the meta-request's result (a completed one wins).
pub(super) async fn run_meta(
    ctx: &TransferCtx,
    client: &S3Client,
    options: MetaRequestOptions,
) -> Result<std::result::Result<MetaRequestOutput, S3RequestError>> {
    run_meta_with(ctx, client, options, None, None).await
}

/// A meta-request handle for a pacing task: weak, so it never keeps a finished request alive.
pub(super) type OnSent = Box<dyn FnOnce(std::sync::Weak<MetaRequest>) + Send>;

/// [`run_meta`], handing a weak reference to the sent meta-request to `on_sent` (bandwidth pacing).
pub(super) async fn run_meta_with(
    ctx: &TransferCtx,
    client: &S3Client,
    options: MetaRequestOptions,
    on_sent: Option<OnSent>,
    gate: Option<Arc<CreateGate>>,
) -> Result<std::result::Result<MetaRequestOutput, S3RequestError>> {
    let coord = ctx.coord();
    if coord.is_cancelled_or_failed() {
        return Err(ctx.stop_error());
    }
    let request = Arc::new(client.send(options).map_err(from_request_error)?);
    if let Some(f) = on_sent {
        f(Arc::downgrade(&request));
    }
    // The hook holds a weak reference: a finished transfer's future must not keep the CRT
    // meta-request (and with it the client) alive.
    let weak = Arc::downgrade(&request);
    let handle = ctx.shared.handle.clone();
    coord.add_cancel_hook(Box::new(move || match gate {
        Some(gate) => gate.cancel(weak, &handle),
        None => {
            if let Some(r) = weak.upgrade() {
                r.cancel();
            }
        }
    }));
    let result = request.result().await;
    drop(request);
    // A meta-request that completed did its work (the object exists, the file is whole): a cancel that
    // came too late to stop it loses to that success, as the classic engine's final request does and as
    // s3transfer's set_result overrides a late cancel. Only an unfinished one reports the stop error.
    if result.is_err() && coord.is_cancelled_or_failed() {
        return Err(ctx.stop_error());
    }
    Ok(result)
}

/// Holds back the cancel of a multipart upload until its `CreateMultipartUpload` has answered.
///
/// aws-c-s3 cancels the requests in flight when a meta-request is cancelled; a
/// `CreateMultipartUpload` cancelled that way may already have created the upload on the server,
/// whose id the CRT then never learns, so it cannot abort it and the upload stays open (and billed).
/// Once the CRT has the id (the create's request metrics arrive after its answer was parsed), a
/// cancel makes it abort the upload. A create that never answers is given up on after
/// [`CreateGate::LIMIT`], so a cancel is never held back for long.
#[derive(Default)]
pub(crate) struct CreateGate {
    state: std::sync::Mutex<GateState>,
}

#[derive(Default)]
struct GateState {
    created: bool,
    pending: Option<std::sync::Weak<MetaRequest>>,
}

impl CreateGate {
    /// Longest a cancel waits for `CreateMultipartUpload` to answer.
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The create answered 2xx: the CRT knows the upload id, so a cancel now aborts the upload.
    pub(super) fn created(&self) {
        let pending = {
            let mut st = self.lock();
            st.created = true;
            st.pending.take()
        };
        if let Some(r) = pending.and_then(|w| w.upgrade()) {
            r.cancel();
        }
    }

    /// Cancels now if the create answered, else when it does (or after [`Self::LIMIT`]).
    pub(super) fn cancel(self: Arc<Self>, request: std::sync::Weak<MetaRequest>, handle: &tokio::runtime::Handle) {
        {
            let mut st = self.lock();
            if !st.created {
                st.pending = Some(request.clone());
                drop(st);
                handle.spawn(async move {
                    tokio::time::sleep(Self::LIMIT).await;
                    if let Some(r) = self.lock().pending.take().and_then(|w| w.upgrade()) {
                        tracing::warn!("CreateMultipartUpload did not answer within {:?} of a cancel; cancelling anyway (the upload may stay open)", Self::LIMIT);
                        r.cancel();
                    }
                });
                return;
            }
        }
        if let Some(r) = request.upgrade() {
            r.cancel();
        }
    }
}
