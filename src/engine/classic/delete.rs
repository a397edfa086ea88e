//! Deletes (s3transfer/delete.py): one `DeleteObject(Bucket, Key, **extra_args)`, no progress events.

use crate::error::{Result, TransferError};
use crate::runtime::TransferCtx;
use crate::s3::shape;
use crate::transfer::DeleteJob;

pub(crate) async fn run(ctx: &TransferCtx, job: DeleteJob) -> Result<()> {
    let _slot = ctx.request_slot().await?;
    let req = ctx.client().delete_object().bucket(&job.bucket).key(&job.key);
    let req = shape::delete_object(req, &job.extra_args)?;
    ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("DeleteObject", e)) }).await?;
    Ok(())
}
