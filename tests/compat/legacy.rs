//! The legacy blocking `S3Transfer` against the real in-process S3 server.


use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use s3s::S3ErrorCode;
use s3transfer::compat::legacy::{S3Transfer, TransferConfig, UPLOAD_PROGRESS_CHUNK};
use s3transfer::{ExtraArgs, TransferError};
use crate::support::{sdk_client_for, test_bytes, within, RecordingServer, TestServer, SECRET_KEY};

const BUCKET: &str = "legacy-bucket";
const MIB: usize = 1024 * 1024;

fn counter() -> (Arc<AtomicU64>, s3transfer::compat::legacy::Callback) {
    let total = Arc::new(AtomicU64::new(0));
    let t = total.clone();
    (total, Arc::new(move |n| {
        assert!(n > 0, "callbacks never report 0");
        t.fetch_add(n, Ordering::SeqCst);
    }))
}

#[test]
fn small_upload_and_download_bytes_equal() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(300 * 1024, 1);
    let src = dir.path().join("in.bin");
    std::fs::write(&src, &data).unwrap();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let (up, cb) = counter();
    let args = ExtraArgs::new().set("ContentType", "text/plain");
    t.upload_file(&src, BUCKET, "small", Some(cb), Some(&args)).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "small").unwrap(), data);
    assert_eq!(up.load(Ordering::SeqCst), data.len() as u64);
    let (down, cb) = counter();
    let dest = dir.path().join("out.bin");
    t.download_file(BUCKET, "small", &dest, None, Some(cb)).unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    assert_eq!(down.load(Ordering::SeqCst), data.len() as u64);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temp file left");
}

#[test]
fn multipart_upload_and_ranged_download_bytes_equal() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(12 * MIB + 5, 2);
    let src = dir.path().join("big.bin");
    std::fs::write(&src, &data).unwrap();
    // A 1 MiB chunksize: uploads raise it to 5 MiB (fixed quirk), downloads use it as given.
    let cfg = TransferConfig { multipart_threshold: 5 * MIB as u64, multipart_chunksize: MIB as u64, max_io_queue: 2, ..Default::default() };
    let t = S3Transfer::new(server.sdk_client(), cfg).unwrap();
    let (up, cb) = counter();
    t.upload_file(&src, BUCKET, "big", Some(cb), None).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "big").unwrap(), data);
    assert_eq!(up.load(Ordering::SeqCst), data.len() as u64);
    assert!(server.open_multipart_uploads().is_empty());
    let dest = dir.path().join("copy.bin");
    std::fs::write(&dest, b"old").unwrap();
    let (down, cb) = counter();
    t.download_file(BUCKET, "big", &dest, None, Some(cb)).unwrap();
    assert!(std::fs::read(&dest).unwrap() == data, "downloaded bytes differ");
    assert_eq!(down.load(Ordering::SeqCst), data.len() as u64);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temp file left");
}

#[test]
fn disallowed_extra_args_are_errors_and_write_nothing() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", b"hello");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in.bin");
    std::fs::write(&src, b"data").unwrap();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    // Upstream's typo is not accepted; the real parameter name is.
    let e = t.upload_file(&src, BUCKET, "k", None, Some(&ExtraArgs::new().set("GrantWriteACL", "x"))).unwrap_err();
    assert!(matches!(e, TransferError::InvalidArgument { .. }) && e.to_string().contains("GrantWriteACL"), "{e}");
    assert!(server.object_bytes(BUCKET, "k").is_none());
    let out = dir.path().join("sub");
    std::fs::create_dir(&out).unwrap();
    let e = t.download_file(BUCKET, "obj", out.join("o"), Some(&ExtraArgs::new().set("ACL", "private")), None).unwrap_err();
    assert!(matches!(e, TransferError::InvalidArgument { .. }), "{e}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "nothing written");
}

#[test]
fn missing_object_and_missing_directory_fail_cleanly() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", b"hello");
    let dir = tempfile::tempdir().unwrap();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let e = t.download_file(BUCKET, "nope", dir.path().join("x"), None, None).unwrap_err();
    assert_eq!(e.http_status(), Some(404), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temp file left");
    // A local error fails at once (upstream retried it num_download_attempts times).
    let e = t.download_file(BUCKET, "obj", dir.path().join("no/such/dir/x"), None, None).unwrap_err();
    assert!(matches!(e, TransferError::Io { .. }), "{e:?}");
}

#[test]
fn calls_from_async_code_are_refused() {
    let server = TestServer::start();
    let t = S3Transfer::new(server.sdk_client(), TransferConfig::default()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let e = rt.block_on(async { t.download_file(BUCKET, "k", "/tmp/never", None, None) }).unwrap_err();
    assert!(e.to_string().contains("block"), "{e}");
}

/// Every callback amount, in order.
fn recorder() -> (Arc<Mutex<Vec<u64>>>, s3transfer::compat::legacy::Callback) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let c = calls.clone();
    (calls, Arc::new(move |n| c.lock().unwrap().push(n)))
}

/// A client whose retries (3 attempts, as the SDK's default) wait milliseconds, not seconds.
fn fast_retry_client(endpoint: &str) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::retry::RetryConfig;
    let conf = sdk_client_for(endpoint, SECRET_KEY)
        .config()
        .to_builder()
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(200)),
        )
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

fn eight_mib_parts() -> TransferConfig {
    TransferConfig { multipart_threshold: 8 * MIB as u64, multipart_chunksize: 8 * MIB as u64, ..Default::default() }
}

/// Runs a blocking legacy call on another thread, failing the test after 60 s.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    within(Duration::from_secs(60), what, f)
}

#[test]
fn upload_progress_is_reported_per_chunk_not_per_part() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(2 * 8 * MIB + 12_345, 3); // two 8 MiB parts and a short one
    let src = dir.path().join("in.bin");
    std::fs::write(&src, &data).unwrap();
    let t = S3Transfer::new(server.sdk_client(), eight_mib_parts()).unwrap();
    let (calls, cb) = recorder();
    let src2 = src.clone();
    bounded("upload_file", move || t.upload_file(&src2, BUCKET, "chunked", Some(cb), None)).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "chunked").unwrap(), data);
    assert!(server.open_multipart_uploads().is_empty());
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.iter().sum::<u64>(), data.len() as u64, "progress sums to the file size");
    assert!(calls.iter().all(|&n| n > 0 && n <= UPLOAD_PROGRESS_CHUNK as u64), "each call at most 256 KiB: {calls:?}");
    assert!(calls.len() >= data.len() / UPLOAD_PROGRESS_CHUNK, "{} calls", calls.len());

    // The single-PUT path too: 600 KiB in 256 KiB steps.
    let small = test_bytes(600 * 1024, 4);
    std::fs::write(&src, &small).unwrap();
    let t = S3Transfer::new(server.sdk_client(), eight_mib_parts()).unwrap();
    let (calls, cb) = recorder();
    bounded("upload_file", move || t.upload_file(&src, BUCKET, "small", Some(cb), None)).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "small").unwrap(), small);
    assert_eq!(*calls.lock().unwrap(), vec![256 * 1024, 256 * 1024, 88 * 1024]);
}

/// UploadPart answered 500 InternalError every time: the client's retries are spent, the legacy
/// upload fails with `S3UploadFailed` carrying the 500, the multipart upload is aborted and no
/// object appears.
#[test]
fn a_part_failing_every_time_aborts_the_upload() {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(3 * 8 * MIB - 5, 5);
    let src = dir.path().join("in.bin");
    std::fs::write(&src, &data).unwrap();
    server.fail_requests("UploadPart", u32::MAX, S3ErrorCode::InternalError);
    let t = S3Transfer::new(fast_retry_client(&server.endpoint()), eight_mib_parts()).unwrap();
    let src2 = src.clone();
    let e = bounded("upload_file", move || t.upload_file(&src2, BUCKET, "doomed", None, None)).unwrap_err();
    assert!(matches!(e, TransferError::S3UploadFailed { .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.starts_with(&format!("Failed to upload {} to {BUCKET}/doomed: ", src.display())), "{text}");
    assert_eq!(e.http_status(), Some(500), "{e}");
    assert_eq!(e.s3_code(), Some("InternalError"), "{e}");
    assert!(server.object_bytes(BUCKET, "doomed").is_none(), "no object");
    assert_eq!(server.open_multipart_uploads(), Vec::<String>::new(), "the multipart upload was aborted");
    assert_eq!(server.requests_of("AbortMultipartUpload").len(), 1);
    assert!(server.requests_of("CompleteMultipartUpload").is_empty());
    // Every part was tried 3 times (the client's retries), none more.
    assert_eq!(server.requests_of("UploadPart").len(), 3 * 3);
}

/// After the first refused part no other part starts: with one part at a time and UploadPart
/// answered 403 (not retried), one UploadPart goes out, then the abort, and nothing after it.
/// (Python's legacy uploader sends every part first.)
#[test]
fn no_part_starts_after_a_refused_part() {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in.bin");
    std::fs::write(&src, test_bytes(5 * 8 * MIB, 6)).unwrap();
    server.fail_requests("UploadPart", u32::MAX, S3ErrorCode::AccessDenied);
    let config = TransferConfig { max_concurrency: 1, ..eight_mib_parts() };
    let t = S3Transfer::new(server.sdk_client(), config).unwrap();
    let e = bounded("upload_file", move || t.upload_file(&src, BUCKET, "doomed", None, None)).unwrap_err();
    assert_eq!(e.http_status(), Some(403), "{e}");
    let ops: Vec<String> = server.requests().into_iter().map(|r| r.op).collect();
    assert_eq!(ops, ["CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"]);
    assert!(server.open_multipart_uploads().is_empty());
    assert!(server.object_bytes(BUCKET, "doomed").is_none(), "no object");
}

/// One UploadPart answered 500 once: the client retries it, the object is exact, and progress
/// (reported during the failed attempt too) still sums to the file size, never more than 256 KiB a call.
#[test]
fn a_transient_part_failure_is_retried_by_the_client() {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(2 * 8 * MIB + 1, 6);
    let src = dir.path().join("in.bin");
    std::fs::write(&src, &data).unwrap();
    server.fail_requests("UploadPart", 1, S3ErrorCode::InternalError);
    let t = S3Transfer::new(fast_retry_client(&server.endpoint()), eight_mib_parts()).unwrap();
    let (calls, cb) = recorder();
    bounded("upload_file", move || t.upload_file(&src, BUCKET, "retried", Some(cb), None)).unwrap();
    assert!(server.object_bytes(BUCKET, "retried").unwrap() == data, "stored bytes differ");
    assert!(server.open_multipart_uploads().is_empty());
    assert_eq!(server.requests_of("UploadPart").len(), 3 + 1, "one part sent twice");
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.iter().sum::<u64>(), data.len() as u64, "a retried part is not counted twice");
    assert!(calls.iter().all(|&n| n > 0 && n <= UPLOAD_PROGRESS_CHUNK as u64), "{calls:?}");
}

/// A GET whose body breaks after 1 MiB (once) is retried by the legacy download: the file is exact
/// and the retried bytes are not counted twice (upstream counted them again).
#[test]
fn a_broken_download_is_retried_without_double_counting() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(3 * MIB + 17, 7);
    server.put_object_bytes(BUCKET, "obj", &data);
    let proxy = crate::support::FaultProxy::start(server.addr(), crate::support::FaultPlan::cut_after(MIB as u64, 1));
    let t = S3Transfer::new(proxy.sdk_client(), TransferConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.bin");
    let (calls, cb) = recorder();
    let d2 = dest.clone();
    bounded("download_file", move || t.download_file(BUCKET, "obj", &d2, None, Some(cb))).unwrap();
    assert_eq!(proxy.cuts_made(), 1, "the body was cut once");
    assert!(std::fs::read(&dest).unwrap() == data, "downloaded bytes differ");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
    let calls = calls.lock().unwrap().clone();
    assert!(calls.iter().all(|&n| n > 0));
    assert_eq!(calls.iter().sum::<u64>(), data.len() as u64, "retried bytes counted once");
}

/// The documented fixes of upstream's argument routing: a multipart upload sends SSE-C and
/// RequestPayer on CreateMultipartUpload, every part and the completion (upstream left the
/// completion without them), object attributes only on CreateMultipartUpload; a ranged download
/// sends the SSE-C key, RequestPayer and the version on its HeadObject and on every ranged GET
/// (upstream dropped them from the GETs).
#[test]
fn extra_args_reach_every_request_of_multipart_upload_and_ranged_download() {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().unwrap();
    let data = test_bytes(12 * MIB, 7);
    let src = dir.path().join("big.bin");
    std::fs::write(&src, &data).unwrap();
    let (sse, sse_headers) = crate::support::sse_c_args();
    let sse = sse.set("RequestPayer", "requester");
    let cfg = TransferConfig { multipart_threshold: 5 * MIB as u64, multipart_chunksize: 5 * MIB as u64, ..Default::default() };
    let t = S3Transfer::new(server.sdk_client(), cfg).unwrap();
    let up = sse.clone().set("ContentType", "text/x-test");
    bounded("upload", move || t.upload_file(&src, BUCKET, "big", None, Some(&up))).unwrap();
    assert_eq!(server.object_bytes(BUCKET, "big").unwrap(), data);
    let assert_sse_and_payer = |r: &crate::support::RecordedRequest| {
        crate::support::assert_sse_c(r, &sse_headers);
        assert_eq!(r.header("x-amz-request-payer"), Some("requester"), "{} {}", r.op, r.uri);
    };
    let reqs = server.requests();
    let mpu: Vec<_> = reqs.iter().filter(|r| matches!(r.op.as_str(), "CreateMultipartUpload" | "UploadPart" | "CompleteMultipartUpload")).collect();
    assert_eq!(mpu.len(), 5, "{:?}", reqs.iter().map(|r| &r.op).collect::<Vec<_>>());
    for r in &mpu {
        assert_sse_and_payer(r);
        let content_type = r.header("content-type");
        if r.op == "CreateMultipartUpload" {
            assert_eq!(content_type, Some("text/x-test"));
        } else {
            assert_ne!(content_type, Some("text/x-test"), "{} carries an object attribute", r.op);
        }
    }

    server.clear_requests();
    let cfg = TransferConfig { multipart_threshold: 5 * MIB as u64, multipart_chunksize: 4 * MIB as u64, ..Default::default() };
    let t = S3Transfer::new(server.sdk_client(), cfg).unwrap();
    let dest = dir.path().join("copy.bin");
    let down = sse.set("VersionId", "v-1");
    let d = dest.clone();
    bounded("download", move || t.download_file(BUCKET, "big", &d, Some(&down), None)).unwrap();
    assert!(std::fs::read(&dest).unwrap() == data, "downloaded bytes differ");
    let reqs = server.requests();
    assert!(reqs.iter().filter(|r| r.op == "GetObject").count() >= 3, "ranged GETs: {reqs:?}");
    for r in reqs.iter().filter(|r| matches!(r.op.as_str(), "GetObject" | "HeadObject")) {
        assert_sse_and_payer(r);
        assert!(r.uri.contains("versionId=v-1"), "{} without the version: {}", r.op, r.uri);
    }
}

/// A GET body that breaks every time: after `num_download_attempts` GETs the legacy download fails
/// with `RetriesExceeded` (a network cause), the existing destination keeps its content and no temp
/// file is left.
#[test]
fn a_download_broken_every_time_exhausts_its_attempts_and_leaves_the_destination() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", &test_bytes(2 * MIB, 8));
    let proxy = crate::support::FaultProxy::start(server.addr(), crate::support::FaultPlan::cut_after(MIB as u64 / 2, u32::MAX));
    let cfg = TransferConfig { num_download_attempts: 3, ..Default::default() };
    let t = S3Transfer::new(proxy.sdk_client(), cfg).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.bin");
    std::fs::write(&dest, b"old content").unwrap();
    let d2 = dest.clone();
    let err = bounded("download_file", move || t.download_file(BUCKET, "obj", &d2, None, None)).unwrap_err();
    match &err {
        TransferError::RetriesExceeded { last } => assert!(matches!(**last, TransferError::Network { .. }), "{last:?}"),
        other => panic!("expected RetriesExceeded, got {other:?}"),
    }
    assert_eq!(proxy.cuts_made(), 3, "one cut body per attempt");
    assert_eq!(std::fs::read(&dest).unwrap(), b"old content", "destination untouched");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
}
