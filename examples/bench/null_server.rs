//! An S3 server that does no disk and no hashing work, so a benchmark measures the client.
//!
//! It implements the operations a transfer manager uses through the `s3s` protocol stack: uploads are
//! read to the end and counted, objects are remembered only by size, and GETs stream zeros from one
//! static buffer. It is for benchmarks only; every behaviour test runs against s3s-fs. (s3s still checks
//! each request's SigV4 header signature, which is cheap.)

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use futures::StreamExt;
use s3s::dto::*;
use s3s::{s3_error, S3Request, S3Response, S3Result, S3};

static ZEROS: [u8; 1 << 20] = [0u8; 1 << 20];

#[derive(Default)]
pub struct NullS3 {
    objects: Mutex<HashMap<(String, String), u64>>,
    uploads: Mutex<HashMap<String, HashMap<i32, u64>>>,
    next_upload: AtomicU64,
}

fn etag_for(size: u64) -> ETag {
    ETag::Strong(format!("{size:032x}"))
}

async fn drain(body: Option<StreamingBlob>) -> S3Result<u64> {
    let Some(mut body) = body else { return Ok(0) };
    let mut n = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| s3_error!(IncompleteBody, "{e}"))?;
        n += chunk.len() as u64;
    }
    Ok(n)
}

fn zero_stream(len: u64) -> StreamingBlob {
    let chunk = ZEROS.len() as u64;
    let stream = futures::stream::iter((0..len.div_ceil(chunk)).map(move |i| {
        let n = chunk.min(len - i * chunk) as usize;
        Ok::<_, std::io::Error>(Bytes::from_static(&ZEROS[..n]))
    }));
    StreamingBlob::wrap(stream)
}

impl NullS3 {
    fn size_of(&self, bucket: &str, key: &str) -> S3Result<u64> {
        self.objects
            .lock()
            .unwrap()
            .get(&(bucket.to_owned(), key.to_owned()))
            .copied()
            .ok_or_else(|| s3_error!(NoSuchKey))
    }

    fn source_size(&self, source: &CopySource) -> S3Result<u64> {
        match source {
            CopySource::Bucket { bucket, key, .. } => self.size_of(bucket, key),
            _ => Err(s3_error!(NotImplemented)),
        }
    }
}

#[async_trait::async_trait]
impl S3 for NullS3 {
    async fn create_bucket(&self, _req: S3Request<CreateBucketInput>) -> S3Result<S3Response<CreateBucketOutput>> {
        Ok(S3Response::new(CreateBucketOutput::default()))
    }

    async fn head_bucket(&self, _req: S3Request<HeadBucketInput>) -> S3Result<S3Response<HeadBucketOutput>> {
        Ok(S3Response::new(HeadBucketOutput::default()))
    }

    async fn put_object(&self, req: S3Request<PutObjectInput>) -> S3Result<S3Response<PutObjectOutput>> {
        let input = req.input;
        let size = drain(input.body).await?;
        self.objects.lock().unwrap().insert((input.bucket, input.key), size);
        Ok(S3Response::new(PutObjectOutput { e_tag: Some(etag_for(size)), ..Default::default() }))
    }

    async fn head_object(&self, req: S3Request<HeadObjectInput>) -> S3Result<S3Response<HeadObjectOutput>> {
        let size = self.size_of(&req.input.bucket, &req.input.key)?;
        Ok(S3Response::new(HeadObjectOutput {
            content_length: Some(size as i64),
            e_tag: Some(etag_for(size)),
            ..Default::default()
        }))
    }

    async fn get_object(&self, req: S3Request<GetObjectInput>) -> S3Result<S3Response<GetObjectOutput>> {
        let input = req.input;
        let size = self.size_of(&input.bucket, &input.key)?;
        let (len, content_range) = match input.range {
            None => (size, None),
            Some(range) => {
                let r = range.check(size)?;
                (r.end - r.start, Some(format!("bytes {}-{}/{}", r.start, r.end.saturating_sub(1), size)))
            }
        };
        Ok(S3Response::new(GetObjectOutput {
            body: Some(zero_stream(len)),
            content_length: Some(len as i64),
            content_range,
            e_tag: Some(etag_for(size)),
            ..Default::default()
        }))
    }

    async fn delete_object(&self, req: S3Request<DeleteObjectInput>) -> S3Result<S3Response<DeleteObjectOutput>> {
        self.objects.lock().unwrap().remove(&(req.input.bucket, req.input.key));
        Ok(S3Response::new(DeleteObjectOutput::default()))
    }

    async fn copy_object(&self, req: S3Request<CopyObjectInput>) -> S3Result<S3Response<CopyObjectOutput>> {
        let size = self.source_size(&req.input.copy_source)?;
        self.objects.lock().unwrap().insert((req.input.bucket, req.input.key), size);
        Ok(S3Response::new(CopyObjectOutput {
            copy_object_result: Some(CopyObjectResult { e_tag: Some(etag_for(size)), ..Default::default() }),
            ..Default::default()
        }))
    }

    async fn create_multipart_upload(
        &self,
        _req: S3Request<CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<CreateMultipartUploadOutput>> {
        let id = format!("null-{}", self.next_upload.fetch_add(1, Ordering::Relaxed));
        self.uploads.lock().unwrap().insert(id.clone(), HashMap::new());
        Ok(S3Response::new(CreateMultipartUploadOutput { upload_id: Some(id), ..Default::default() }))
    }

    async fn upload_part(&self, req: S3Request<UploadPartInput>) -> S3Result<S3Response<UploadPartOutput>> {
        let input = req.input;
        let size = drain(input.body).await?;
        let mut uploads = self.uploads.lock().unwrap();
        let parts = uploads.get_mut(&input.upload_id).ok_or_else(|| s3_error!(NoSuchUpload))?;
        parts.insert(input.part_number, size);
        Ok(S3Response::new(UploadPartOutput { e_tag: Some(etag_for(size)), ..Default::default() }))
    }

    async fn upload_part_copy(&self, req: S3Request<UploadPartCopyInput>) -> S3Result<S3Response<UploadPartCopyOutput>> {
        let input = req.input;
        let source_size = self.source_size(&input.copy_source)?;
        let size = match input.copy_source_range.as_deref() {
            Some(range) => Range::parse(range)
                .map_err(|_| s3_error!(InvalidRange))?
                .check(source_size)
                .map(|r| r.end - r.start)?,
            None => source_size,
        };
        let mut uploads = self.uploads.lock().unwrap();
        let parts = uploads.get_mut(&input.upload_id).ok_or_else(|| s3_error!(NoSuchUpload))?;
        parts.insert(input.part_number, size);
        Ok(S3Response::new(UploadPartCopyOutput {
            copy_part_result: Some(CopyPartResult { e_tag: Some(etag_for(size)), ..Default::default() }),
            ..Default::default()
        }))
    }

    async fn complete_multipart_upload(
        &self,
        req: S3Request<CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<CompleteMultipartUploadOutput>> {
        let input = req.input;
        let parts = self.uploads.lock().unwrap().remove(&input.upload_id).ok_or_else(|| s3_error!(NoSuchUpload))?;
        let size: u64 = parts.values().sum();
        self.objects.lock().unwrap().insert((input.bucket, input.key), size);
        Ok(S3Response::new(CompleteMultipartUploadOutput { e_tag: Some(etag_for(size)), ..Default::default() }))
    }

    async fn abort_multipart_upload(
        &self,
        req: S3Request<AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<AbortMultipartUploadOutput>> {
        self.uploads.lock().unwrap().remove(&req.input.upload_id);
        Ok(S3Response::new(AbortMultipartUploadOutput::default()))
    }
}
