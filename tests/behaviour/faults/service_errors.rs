//! S3 refusing individual requests (the recording server answers chosen operations with 503 SlowDown
//! or 500 InternalError): retried then success, or retries exhausted then a clear error; a 500 on
//! CompleteMultipartUpload.
//!
//! Who retries: on the classic engine the aws-sdk-s3 client (its retry config; these cases give it 5
//! attempts with short backoff); on the CRT engine aws-c-s3 (`num_download_attempts - 1` retries per
//! request, 4 by default, for every request). A burst of 4 errors is thus survivable on both.

use std::time::Duration;

use bytes::Bytes;
use s3s::S3ErrorCode;

use crate::support::*;

const PART: usize = 5 * MIB;

fn setup() -> RecordingServer {
    let server = RecordingServer::start();
    server.create_bucket(BUCKET);
    server
}

fn tm(engine: Engine, server: &RecordingServer) -> TransferManager {
    manager(sdk_client_with_attempts(&server.endpoint(), 5), config_sized(engine, PART, PART))
}

/// A burst of 4 SlowDown answers to UploadPart (an upload of 3 parts, from a file and from bytes):
/// every part is retried, the object is exactly the source, no upload left open.
fn slowdown_burst_on_parts_is_retried(engine: Engine) {
    let server = setup();
    let tm = tm(engine, &server);
    let data = test_bytes(3 * PART - 7, 101);
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &data);
    server.fail_requests("UploadPart", 4, S3ErrorCode::SlowDown);
    finish_ok(&tm.upload(src, BUCKET, "from-file").start().expect("start"));
    assert_object_complete_or_absent(&server, "from-file", &data);
    assert!(server.object_bytes(BUCKET, "from-file").is_some(), "uploaded");
    assert!(server.requests_of("UploadPart").len() >= 3 + 4, "the 4 refused parts were sent again");

    server.fail_requests("UploadPart", 4, S3ErrorCode::SlowDown);
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "from-bytes").start().expect("start"));
    assert_object_complete_or_absent(&server, "from-bytes", &data);
    assert!(server.object_bytes(BUCKET, "from-bytes").is_some(), "uploaded");
}

/// The SDK shares one retry quota among the clients of a process in one region. Here another client
/// of the process meets SlowDown on every attempt of 60 requests, which drains that quota: a new
/// plain client then fails at its first SlowDown, without a retry. A manager over another new client
/// still retries a SlowDown burst on its parts and uploads the object (its requests have a quota of
/// their own), on both engines.
fn retries_outlast_a_quota_drained_by_another_client(engine: Engine) {
    let server = setup();
    // Two plain clients in the SDK's default retry partition (the harness's other clients each
    // have a quota of their own, so this drains no other test's).
    let in_shared_quota = |attempts| {
        use aws_sdk_s3::config::retry::RetryConfig;
        let retry = RetryConfig::standard().with_max_attempts(attempts).with_initial_backoff(Duration::from_millis(1));
        aws_sdk_s3::Client::from_conf(sdk_config_in_shared_quota(&server.endpoint(), SECRET_KEY).retry_config(retry).build())
    };
    let other = in_shared_quota(3);
    server.fail_requests("HeadObject", 3 * 60, S3ErrorCode::SlowDown);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        for _ in 0..60 {
            let refused = other.head_object().bucket(BUCKET).key("missing").send().await;
            assert!(refused.is_err(), "every attempt is refused");
        }
    });
    server.clear_failures();
    server.clear_requests();
    server.fail_requests("HeadObject", 1, S3ErrorCode::SlowDown);
    let plain = in_shared_quota(3);
    let first = rt.block_on(plain.head_object().bucket(BUCKET).key("missing").send());
    assert!(first.is_err(), "the one SlowDown is not retried: the shared quota is empty");
    assert_eq!(server.requests_of("HeadObject").len(), 1, "no retry was sent");

    server.clear_failures();
    // The manager's client starts in the same default partition; the manager gives it a quota of
    // its own.
    let tm = manager(in_shared_quota(5), config_sized(engine, PART, PART));
    let data = test_bytes(3 * PART - 7, 109);
    server.fail_requests("UploadPart", 4, S3ErrorCode::SlowDown);
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start"));
    assert_object_complete_or_absent(&server, "obj", &data);
    assert!(server.object_bytes(BUCKET, "obj").is_some(), "uploaded");
    assert!(server.requests_of("UploadPart").len() >= 3 + 4, "the 4 refused parts were sent again");
}

/// One UploadPart answered 500 InternalError: retried, the upload succeeds.
fn internal_error_on_one_part_is_retried(engine: Engine) {
    let server = setup();
    let tm = tm(engine, &server);
    let data = test_bytes(2 * PART + 1, 102);
    server.fail_requests("UploadPart", 1, S3ErrorCode::InternalError);
    finish_ok(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start"));
    assert_object_complete_or_absent(&server, "obj", &data);
    assert!(server.object_bytes(BUCKET, "obj").is_some(), "uploaded");
}

/// A burst of SlowDown and a 500 on ranged GETs: retried, the file is exactly the object, no temp
/// file left.
fn slowdown_burst_on_ranged_gets_is_retried(engine: Engine) {
    let server = setup();
    let data = test_bytes(4 * PART + 3, 103);
    server.put_object_bytes(BUCKET, "obj", &data);
    let tm = tm(engine, &server);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    server.fail_requests("GetObject", 3, S3ErrorCode::SlowDown);
    server.fail_requests("GetObject", 1, S3ErrorCode::InternalError);
    finish_ok(&tm.download(BUCKET, "obj", dest.clone()).start().expect("start"));
    assert_bytes_eq(&std::fs::read(&dest).unwrap(), &data, "downloaded");
    assert_complete_or_absent(&dest, &data, &[]);
}

/// Every UploadPart answered 503 SlowDown: once the retries are spent the upload fails with SlowDown
/// (503), the multipart upload is aborted, no object appears.
fn part_retries_exhausted_is_a_clear_error(engine: Engine) {
    let server = setup();
    let tm = tm(engine, &server);
    let data = test_bytes(2 * PART, 104);
    let dir = tempfile::tempdir().unwrap();
    let src = write_file(dir.path(), "src", &data);
    server.fail_requests("UploadPart", u32::MAX, S3ErrorCode::SlowDown);
    let err = finish_err(&tm.upload(src, BUCKET, "obj").start().expect("start"));
    assert_upload_service_error(engine, &err, 503, "SlowDown");
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "no object");
    assert_object_complete_or_absent(&server, "obj", &data);
    assert_eq!(server.requests_of("CompleteMultipartUpload").len(), 0);
    assert_eq!(server.requests_of("AbortMultipartUpload").len(), 1, "aborted once");
}

/// Every GET answered 500: the download fails with InternalError (500); no file, no temp file.
fn get_retries_exhausted_is_a_clear_error(engine: Engine) {
    let server = setup();
    let data = test_bytes(3 * PART, 105);
    server.put_object_bytes(BUCKET, "obj", &data);
    let tm = tm(engine, &server);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    server.fail_requests("GetObject", u32::MAX, S3ErrorCode::InternalError);
    let err = finish_err(&tm.download(BUCKET, "obj", dest.clone()).start().expect("start"));
    assert_service_error(&err, 500, "InternalError");
    assert!(!dest.exists(), "no file");
    assert_complete_or_absent(&dest, &data, &[]);
}

/// CompleteMultipartUpload answered 500 every time: the upload fails with InternalError, the
/// multipart upload is aborted (nothing billed is left), no object.
fn complete_multipart_upload_500(engine: Engine) {
    let server = setup();
    let tm = tm(engine, &server);
    let data = test_bytes(2 * PART + 5, 106);
    server.fail_requests("CompleteMultipartUpload", u32::MAX, S3ErrorCode::InternalError);
    let err = finish_err(&tm.upload(UploadSource::bytes(Bytes::from(data.clone())), BUCKET, "obj").start().expect("start"));
    assert_upload_service_error(engine, &err, 500, "InternalError");
    assert!(server.object_bytes(BUCKET, "obj").is_none(), "no object");
    assert_object_complete_or_absent(&server, "obj", &data);
    assert!(server.requests_of("CompleteMultipartUpload").len() >= 2, "Complete was retried");
}

engine_tests! {
    slowdown_burst_on_parts_is_retried,
    retries_outlast_a_quota_drained_by_another_client,
    internal_error_on_one_part_is_retried,
    slowdown_burst_on_ranged_gets_is_retried,
    part_retries_exhausted_is_a_clear_error,
    get_retries_exhausted_is_a_clear_error,
    complete_multipart_upload_500,
}
