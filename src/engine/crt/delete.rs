//! Deletes on the CRT (only under `Engine::Crt`: `Auto` keeps them on the classic engine): one
//! DeleteObject request.

use crate::crt::s3::{MetaRequestOptions, S3Client};
use crate::error::Result;
use crate::runtime::TransferCtx;
use crate::transfer::DeleteJob;

use super::addressing::Addressing;
use super::errors::from_request_error;
use super::headers::to_wire;
use super::meta::run_meta;

pub(super) async fn run(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: DeleteJob) -> Result<()> {
    let (headers, query) = to_wire(&j.extra_args)?;
    let addr = at.object(&j.bucket, &j.key).await?;
    let path = format!("{}{}", addr.path, query);
    let mut o = MetaRequestOptions::request("DeleteObject", "DELETE", path.clone()).at(addr.endpoint, path);
    for (n, v) in headers {
        o = o.header(n, v);
    }
    match run_meta(ctx, client, o).await? {
        Ok(_) => Ok(()),
        Err(e) => Err(from_request_error(e)),
    }
}
