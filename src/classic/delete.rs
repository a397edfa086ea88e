//! Deletes (reference §13): one `DeleteObject(Bucket, Key, **extra_args)`, no progress events.

use super::{apply, TransferCtx};
use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};

pub(crate) struct DeleteJob {
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
}

pub(crate) async fn run(ctx: &TransferCtx, job: DeleteJob) -> Result<()> {
    let _slot = ctx.request_slot().await?;
    let req = ctx.client().delete_object().bucket(&job.bucket).key(&job.key);
    let req = apply::delete_object(req, &job.extra_args)?;
    ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("DeleteObject", e)) }).await?;
    Ok(())
}
