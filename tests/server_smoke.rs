//! The test server itself: an aws-sdk-s3 client can put, get and list through it with SigV4.
mod support;
use support::*;

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
