//! The test helpers themselves, checked with the plain aws-sdk-s3 client (no transfer manager):
//! the recording server sees the headers that were sent, and the fault proxy really breaks and slows
//! responses. If these fail, the behaviour suite's verdicts mean nothing.
use std::time::{Duration, Instant};

use crate::support::*;

#[tokio::test]
async fn recording_server_sees_operations_and_headers() {
    let server = RecordingServer::start();
    server.create_bucket("bkt");
    let client = server.sdk_client();
    client
        .put_object()
        .bucket("bkt")
        .key("k")
        .content_type("text/plain")
        .sse_customer_algorithm("AES256")
        .body(b"hello".to_vec().into())
        .send()
        .await
        .expect("put");
    client.get_object().bucket("bkt").key("k").range("bytes=0-1").send().await.expect("get");
    let reqs = server.requests();
    let ops: Vec<&str> = reqs.iter().map(|r| r.op.as_str()).collect();
    assert_eq!(ops, ["PutObject", "GetObject"]);
    assert_eq!(reqs[0].header("Content-Type"), Some("text/plain"));
    assert_eq!(reqs[0].header("x-amz-server-side-encryption-customer-algorithm"), Some("AES256"));
    assert_eq!(reqs[1].header("range"), Some("bytes=0-1"));
    assert_eq!(server.object_bytes("bkt", "k").as_deref(), Some(&b"hello"[..]));
    // Wrong credentials are still refused.
    let bad = sdk_client_for(&server.endpoint(), "wrong");
    let err = bad.get_object().bucket("bkt").key("k").send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
}

#[tokio::test]
async fn fault_proxy_cuts_bodies_then_passes() {
    let server = TestServer::start();
    server.create_bucket("bkt");
    let data = test_bytes(1024 * 1024, 1);
    server.put_object_bytes("bkt", "k", &data);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::cut_after(100 * 1024, 1));
    let client = proxy.sdk_client();
    // Small responses pass.
    client.head_object().bucket("bkt").key("k").send().await.expect("head through proxy");
    // The first large body is cut: the GET itself succeeds (headers arrived), the body fails.
    let resp = client.get_object().bucket("bkt").key("k").send().await.expect("get headers");
    assert!(resp.body.collect().await.is_err(), "body must fail after the cut");
    assert_eq!(proxy.cuts_made(), 1);
    // The next one passes intact.
    let resp = client.get_object().bucket("bkt").key("k").send().await.expect("get");
    assert_eq!(resp.body.collect().await.expect("body").into_bytes().as_ref(), &data[..]);
}

#[tokio::test]
async fn fault_proxy_throttles() {
    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "k", &test_bytes(512 * 1024, 2));
    // 16 KiB per 10 ms: 512 KiB needs at least 32 pauses (>= 320 ms).
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(16 * 1024, Duration::from_millis(10)));
    let client = proxy.sdk_client();
    let start = Instant::now();
    let resp = client.get_object().bucket("bkt").key("k").send().await.expect("get");
    let body = resp.body.collect().await.expect("body").into_bytes();
    assert_eq!(body.len(), 512 * 1024);
    // A lower bound only (the throttle's purpose: transfers stay in flight); never an upper bound.
    assert!(start.elapsed() >= Duration::from_millis(300), "throttle had no effect: {:?}", start.elapsed());
}

#[tokio::test]
async fn recording_server_injects_errors_after_reading_the_body() {
    let server = RecordingServer::start();
    server.create_bucket("bkt");
    let client = server.sdk_client();
    server.fail_requests("PutObject", 1, s3s::S3ErrorCode::AccessDenied);
    let body = test_bytes(2 * 1024 * 1024, 3);
    let err = client.put_object().bucket("bkt").key("k").body(body.clone().into()).send().await.unwrap_err();
    // The S3 error itself (not a broken pipe): the body was read before the answer.
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403), "{err:?}");
    assert!(server.object_bytes("bkt", "k").is_none(), "object must not exist");
    client.put_object().bucket("bkt").key("k").body(body.clone().into()).send().await.expect("second put passes");
    assert_eq!(server.object_bytes("bkt", "k").as_deref(), Some(&body[..]));
    server.fail_requests("HeadObject", u32::MAX, s3s::S3ErrorCode::InternalError);
    let err = client.head_object().bucket("bkt").key("k").send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(500));
    assert_eq!(server.requests_of("HeadObject").len(), 3, "the SDK tried three times");
}

#[tokio::test]
async fn recording_server_can_enforce_if_match() {
    let server = RecordingServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "k", b"version one");
    let client = server.sdk_client();
    let etag = client.head_object().bucket("bkt").key("k").send().await.expect("head").e_tag().unwrap().to_owned();
    // s3s-fs alone ignores If-Match on GET.
    server.put_object_bytes("bkt", "k", b"version two");
    client.get_object().bucket("bkt").key("k").if_match(&etag).send().await.expect("s3s-fs ignores If-Match");
    server.enforce_if_match(true);
    let err = client.get_object().bucket("bkt").key("k").if_match(&etag).send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(412));
    let now = client.head_object().bucket("bkt").key("k").send().await.expect("head").e_tag().unwrap().to_owned();
    client.get_object().bucket("bkt").key("k").if_match(&now).send().await.expect("current ETag matches");
}

#[tokio::test]
async fn sdk_round_trip_through_test_server() {
    let server = TestServer::start();
    server.create_bucket("smoke");
    let client = server.sdk_client();
    let data = test_bytes(100_000, 1);
    client
        .put_object()
        .bucket("smoke")
        .key("dir/obj")
        .body(data.clone().into())
        .send()
        .await
        .expect("put");
    assert_eq!(server.object_bytes("smoke", "dir/obj").as_deref(), Some(&data[..]));
    let got = client.get_object().bucket("smoke").key("dir/obj").send().await.expect("get");
    let body = got.body.collect().await.expect("body").into_bytes();
    assert_eq!(&body[..], &data[..]);

    // A wrong secret is refused by the server's SigV4 check.
    let bad = server.sdk_client_with_secret("wrong");
    let err = bad.get_object().bucket("smoke").key("dir/obj").send().await.unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(403));

    // An open multipart upload is visible until aborted.
    let mpu = client.create_multipart_upload().bucket("smoke").key("m").send().await.expect("create mpu");
    assert_eq!(server.open_multipart_uploads().len(), 1);
    client
        .abort_multipart_upload()
        .bucket("smoke")
        .key("m")
        .upload_id(mpu.upload_id().unwrap())
        .send()
        .await
        .expect("abort");
    assert!(server.open_multipart_uploads().is_empty());
}
