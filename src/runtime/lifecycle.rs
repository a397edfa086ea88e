//! The one lifecycle of a transfer, on either engine: queued (a planning slot, `on_queued`), running
//! (the engine's work), its result recorded, the associated futures awaited, then announced
//! (`result()` waiters released, `on_done` called).

use std::future::Future;

use crate::error::Result;
use crate::subscriber::notify;

use super::TransferCtx;

/// Runs one transfer from `NotStarted` to announced; `work` is what the chosen engine does once the
/// transfer runs. A transfer cancelled before it started was announced by `cancel()` already.
pub(crate) async fn run_transfer<F, Fut>(ctx: TransferCtx, work: F)
where
    F: FnOnce(TransferCtx) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let coord = ctx.coord().clone();
    {
        // Planning slots (max_submission_concurrency), held while on_queued runs.
        let sem = ctx.shared.submission_slots.clone();
        let token = coord.token().clone();
        let _permit = tokio::select! {
            p = sem.acquire_owned() => p.ok(),
            _ = token.cancelled() => None,
        };
        if coord.set_status_to_queued().is_err() {
            return;
        }
        notify(&ctx.subscribers, &ctx.future, "on_queued", |s, f| s.on_queued(f));
    }
    if !coord.done() && coord.set_status_to_running().is_ok() {
        match work(ctx).await {
            Ok(()) => coord.set_result(),
            Err(e) => coord.set_exception(e, false),
        }
    }
    coord.wait_for_associated().await;
    coord.announce_done();
}
