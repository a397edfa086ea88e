//! S3 refusing individual requests of a transfer (the recording server answers chosen operations with
//! an S3 error): multipart uploads and copies are aborted, the user sees the original error, transient
//! errors are retried without double-counting progress.
//!
//! The SDK client retries 500/503 answers itself (standard retry mode, 3 attempts); s3transfer's own
//! retries are for broken body streams only (see `download::download_retries_*`).

use s3s::S3ErrorCode;

use crate::support::*;
use bytes::Bytes;

const T: usize = 5 * MIB;

fn ops(server: &RecordingServer) -> Vec<String> {
    server.requests().into_iter().map(|r| r.op).collect()
}

/// The operations the server saw once none is still coming: the list must not grow over the next
/// 500 ms (nothing is sent after the failure was reported).
pub fn settled_ops(server: &RecordingServer) -> Vec<String> {
    let seen = ops(server);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(ops(server), seen, "requests kept coming after the failure was reported");
    seen
}

fn count(server: &RecordingServer, op: &str) -> usize {
    server.requests_of(op).len()
}

/// Every UploadPart fails with 500: the upload fails with that error, the multipart upload is aborted
/// (once), CompleteMultipartUpload is never sent, no object appears.
fn upload_part_failure_aborts_multipart_upload(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.fail_requests("UploadPart", u32::MAX, S3ErrorCode::InternalError);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let rec = Recorder::new();
    let fut = tm
        .upload(UploadSource::bytes(Bytes::from(test_bytes(12 * MIB, 81))), BUCKET, "obj")
        .subscriber(rec.clone())
        .start()
        .expect("start");
    let err = finish_err(&fut);
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    assert_eq!(err.s3_code(), Some("InternalError"), "{err:?}");
    assert!(!err.is_cancelled(), "the original error, not a cancellation: {err:?}");
    rec.assert_order();
    assert!(server.open_multipart_uploads().is_empty(), "aborted: {:?}", ops(&server));
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
    assert_eq!(count(&server, "CompleteMultipartUpload"), 0, "{:?}", ops(&server));
    assert_eq!(count(&server, "AbortMultipartUpload"), 1, "aborted exactly once: {:?}", ops(&server));
}

/// After a failed multipart upload is reported, nothing more is sent: the abort is the last request
/// (no part goes out after it, none trickles in later), and no part starts after the first refusal:
/// only the parts already in flight were sent.
fn nothing_is_sent_after_a_failed_upload(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.fail_requests("UploadPart", u32::MAX, S3ErrorCode::AccessDenied);
    let mut cfg = config_sized(engine, 5 * MIB, 5 * MIB);
    cfg.max_request_concurrency = 2;
    let tm = manager(server.sdk_client(), cfg);
    let fut = tm.upload(UploadSource::bytes(Bytes::from(test_bytes(40 * MIB, 87))), BUCKET, "obj").start().expect("start");
    let err = finish_err(&fut);
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    let seen = settled_ops(&server);
    let abort = seen.iter().position(|op| op == "AbortMultipartUpload").expect("aborted");
    assert_eq!(abort, seen.len() - 1, "the abort is the last request: {seen:?}");
    let parts = seen.iter().filter(|op| *op == "UploadPart").count();
    assert!(parts <= 2, "a refused upload sends only the parts already in flight (2 connections): {parts} of 8 ({seen:?})");
    assert!(server.open_multipart_uploads().is_empty());
    assert!(server.object_bytes(BUCKET, "obj").is_none());
}

/// CompleteMultipartUpload fails: the upload fails and is aborted; no object.
fn upload_complete_failure_aborts_multipart_upload(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.fail_requests("CompleteMultipartUpload", u32::MAX, S3ErrorCode::InternalError);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let fut = tm.upload(UploadSource::bytes(Bytes::from(test_bytes(6 * MIB, 82))), BUCKET, "obj").start().expect("start");
    let err = finish_err(&fut);
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    assert!(server.open_multipart_uploads().is_empty(), "aborted: {:?}", ops(&server));
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// CreateMultipartUpload fails: the upload fails with that error; no part is sent and there is
/// nothing to abort.
fn upload_create_failure_sends_no_parts(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.fail_requests("CreateMultipartUpload", u32::MAX, S3ErrorCode::AccessDenied);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let fut = tm.upload(UploadSource::bytes(Bytes::from(test_bytes(6 * MIB, 83))), BUCKET, "obj").start().expect("start");
    let err = finish_err(&fut);
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    assert_eq!(err.s3_code(), Some("AccessDenied"), "{err:?}");
    assert_eq!(count(&server, "UploadPart"), 0, "{:?}", ops(&server));
    assert!(server.open_multipart_uploads().is_empty());
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// A single PutObject refused: the error is reported, nothing stored.
fn upload_put_failure_reports_error(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.fail_requests("PutObject", u32::MAX, S3ErrorCode::AccessDenied);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let err = finish_err(&tm.upload(UploadSource::bytes(Bytes::from_static(b"data")), BUCKET, "obj").start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    assert_eq!(err.s3_code(), Some("AccessDenied"), "{err:?}");
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "object must not exist");
}

/// Transient 503 SlowDown answers to some UploadParts and a GET are retried (by the SDK): the transfers
/// succeed, the bytes are right, and progress is not double counted.
fn transient_slowdown_is_retried_without_double_counting(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(12 * MIB, 84);
    server.fail_requests("UploadPart", 2, S3ErrorCode::SlowDown);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let rec = Recorder::new();
    finish_ok(
        &tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj")
            .subscriber(rec.clone())
            .start()
            .expect("start"),
    );
    assert_bytes_eq(&server.object_bytes(BUCKET, "obj").unwrap(), &data, "uploaded");
    assert!(count(&server, "UploadPart") >= 5, "two refused parts were sent again: {:?}", ops(&server));
    rec.assert_success(data.len());

    // The same from a file (parts are read from the file again for the retry) and a single PUT.
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "src", &data);
    server.fail_requests("UploadPart", 2, S3ErrorCode::SlowDown);
    let rec = Recorder::new();
    finish_ok(&tm.upload(path.clone(), BUCKET, "from-file").subscriber(rec.clone()).start().expect("start"));
    assert_bytes_eq(&server.object_bytes(BUCKET, "from-file").unwrap(), &data, "uploaded from file");
    rec.assert_success(data.len());
    let small = write_file(dir.path(), "small", &data[..100 * KIB]);
    server.fail_requests("PutObject", 1, S3ErrorCode::SlowDown);
    let rec = Recorder::new();
    finish_ok(&tm.upload(small, BUCKET, "small").subscriber(rec.clone()).start().expect("start"));
    assert_bytes_eq(&server.object_bytes(BUCKET, "small").unwrap(), &data[..100 * KIB], "small");
    rec.assert_success(100 * KIB);

    server.fail_requests("GetObject", 2, S3ErrorCode::SlowDown);
    let dest = dir.path().join("out");
    let rec = Recorder::new();
    finish_ok(&tm.download(BUCKET, "obj", dest.clone()).subscriber(rec.clone()).start().expect("start"));
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "downloaded");
    rec.assert_success(data.len());
}

/// Every GET fails with 500: the download fails with that error, no file and no temp file.
fn download_get_failure_leaves_nothing(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", &test_bytes(3 * MIB, 85));
    server.fail_requests("GetObject", u32::MAX, S3ErrorCode::InternalError);
    let tm = manager(server.sdk_client(), config_sized(engine, MIB, MIB));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let err = finish_err(&tm.download(BUCKET, "obj", dest.clone()).start().expect("start"));
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    assert_eq!(err.s3_code(), Some("InternalError"), "{err:?}");
    assert!(dir_names(dir.path()).is_empty(), "nothing left: {:?}", dir_names(dir.path()));
}

/// A GET refused with 403 is not retried (only throttling, 5xx and network errors are): one GET, the
/// documented error, no file. Size and ETag are given, so no HeadObject answers the 403 first.
fn download_get_403_is_not_retried(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(3 * MIB, 86);
    server.put_object_bytes(BUCKET, "obj", &data);
    let etag = head(server.sdk_client(), "obj").e_tag().unwrap().to_owned();
    server.clear_requests();
    server.fail_requests("GetObject", u32::MAX, S3ErrorCode::AccessDenied);
    let tm = manager(server.sdk_client(), config_sized(engine, 8 * MIB, 8 * MIB));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let fut = tm.download(BUCKET, "obj", dest.clone()).size(data.len() as u64).etag(etag).start().expect("start");
    let err = finish_err(&fut);
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    assert_eq!(err.s3_code(), Some("AccessDenied"), "{err:?}");
    assert_eq!(server.requests_of("GetObject").len(), 1, "tried once: {:?}", server.requests());
    assert!(dir_names(dir.path()).is_empty(), "nothing left: {:?}", dir_names(dir.path()));
}

/// Every UploadPartCopy fails: the copy fails, the multipart upload is aborted, no object.
fn copy_part_failure_aborts_multipart_copy(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "src", &test_bytes(11 * MIB, 86));
    server.fail_requests("UploadPartCopy", u32::MAX, S3ErrorCode::InternalError);
    let tm = manager(server.sdk_client(), config_sized(engine, T, T));
    let cs = CopySource { bucket: BUCKET.into(), key: "src".into(), version_id: None };
    let err = finish_err(&tm.copy(cs, BUCKET, "dst").start().expect("start"));
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    assert!(server.open_multipart_uploads().is_empty(), "aborted: {:?}", ops(&server));
    assert!(server.object_bytes(BUCKET, "dst").is_none(), "object must not exist");
    assert_eq!(count(&server, "CompleteMultipartUpload"), 0);
}

/// A refused ranged download stops at once: with 2 connections, only the GETs already in flight
/// when the first 403 arrived were sent (not the other 14 ranges), and nothing is left on disk.
fn nothing_is_sent_after_a_failed_download(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "obj", &test_bytes(16 * MIB, 88));
    server.fail_requests("GetObject", u32::MAX, S3ErrorCode::AccessDenied);
    let mut cfg = config_sized(engine, MIB, MIB);
    cfg.max_request_concurrency = 2;
    let tm = manager(server.sdk_client(), cfg);
    let dir = tempfile::tempdir().unwrap();
    let err = finish_err(&tm.download(BUCKET, "obj", dir.path().join("out")).start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    let seen = settled_ops(&server);
    let gets = count(&server, "GetObject");
    assert!((1..=2).contains(&gets), "only the GETs in flight (2 connections): {gets} of 16 ({seen:?})");
    assert!(dir_names(dir.path()).is_empty(), "nothing left: {:?}", dir_names(dir.path()));
}

/// A refused multipart copy stops at once: only the UploadPartCopy requests in flight when the
/// first refusal arrived were sent, the abort is the last request, no object.
fn nothing_is_sent_after_a_failed_copy(engine: Engine) {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "src", &test_bytes(40 * MIB, 89));
    server.fail_requests("UploadPartCopy", u32::MAX, S3ErrorCode::AccessDenied);
    let mut cfg = config_sized(engine, T, T);
    cfg.max_request_concurrency = 2;
    let tm = manager(server.sdk_client(), cfg);
    let cs = CopySource { bucket: BUCKET.into(), key: "src".into(), version_id: None };
    let err = finish_err(&tm.copy(cs, BUCKET, "dst").start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    let seen = settled_ops(&server);
    assert_eq!(seen.last().map(String::as_str), Some("AbortMultipartUpload"), "the abort is the last request: {seen:?}");
    let parts = count(&server, "UploadPartCopy");
    assert!((1..=2).contains(&parts), "only the parts in flight (2 connections): {parts} of 8 ({seen:?})");
    assert!(server.open_multipart_uploads().is_empty());
    assert!(server.object_bytes(BUCKET, "dst").is_none());
}

/// A copy the server refuses (500 on every CopyObject): the error with its status and code, no object.
fn copy_failure_reports_error() {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "src", &test_bytes(11 * MIB, 92));
    server.fail_requests("CopyObject", u32::MAX, s3s::S3ErrorCode::InternalError);
    let tm = manager(server.sdk_client(), config_sized(Engine::Crt, 5 * MIB, 5 * MIB));
    let err = finish_err(&tm.copy(s3transfer::CopySource::new(BUCKET, "src"), BUCKET, "dst").start().expect("start"));
    assert_eq!(err.http_status(), Some(500), "{err:?}");
    assert_eq!(err.s3_code(), Some("InternalError"), "{err:?}");
    assert!(server.object_bytes(BUCKET, "dst").is_none(), "object must not exist");
    assert!(server.open_multipart_uploads().is_empty());
}

/// A refused copy stops at once: aws-c-s3 sends one CopyObject for a source below 1 GiB, and after
/// its 403 (not retried) nothing more is sent; no object.
fn nothing_is_sent_after_a_failed_single_copy() {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "src", &test_bytes(40 * MIB, 89));
    server.fail_requests("CopyObject", u32::MAX, s3s::S3ErrorCode::AccessDenied);
    let mut cfg = config_sized(Engine::Crt, 5 * MIB, 5 * MIB);
    cfg.max_request_concurrency = 2;
    let tm = manager(server.sdk_client(), cfg);
    let err = finish_err(&tm.copy(s3transfer::CopySource::new(BUCKET, "src"), BUCKET, "dst").start().expect("start"));
    assert_eq!(err.http_status(), Some(403), "{err:?}");
    let seen = settled_ops(&server);
    assert_eq!(seen.last().map(String::as_str), Some("CopyObject"), "the refused CopyObject is the last request: {seen:?}");
    assert_eq!(server.requests_of("CopyObject").len(), 1, "not retried: {seen:?}");
    assert!(server.object_bytes(BUCKET, "dst").is_none(), "object must not exist");
}

engine_tests! {
    upload_part_failure_aborts_multipart_upload,
    upload_complete_failure_aborts_multipart_upload,
    upload_create_failure_sends_no_parts,
    upload_put_failure_reports_error,
    transient_slowdown_is_retried_without_double_counting,
    download_get_failure_leaves_nothing,
    download_get_403_is_not_retried,
    nothing_is_sent_after_a_failed_upload,
    nothing_is_sent_after_a_failed_download,
    nothing_is_sent_after_a_failed_copy => variant(nothing_is_sent_after_a_failed_single_copy, "aws-c-s3 copies objects below 1 GiB with one CopyObject; the variant checks that nothing follows its refusal"),
    copy_part_failure_aborts_multipart_copy => variant(copy_failure_reports_error, "aws-c-s3 copies objects below 1 GiB with one CopyObject, so the injected failure is on CopyObject"),
}
