//! The CRT engine's errors: a failed meta-request as a [`TransferError`], with the S3 error document
//! read here (the CRT wrappers hand over the answer as received), and the CRT error names the engine
//! acts on.

use std::path::{Path, PathBuf};

use crate::crt::s3::{ErrorResponse, MetaRequestOptions, S3Client, S3RequestError};
use crate::crt::CrtError;
use crate::error::TransferError;
use crate::s3::errors::{default_code_for_status, ErrorDocument};

/// A CRT failure.
pub(super) fn crt_error(e: CrtError) -> TransferError {
    TransferError::Crt { code: e.code, name: e.name, message: e.message }
}

/// A failed meta-request: an S3 error answer becomes [`TransferError::Service`] (operation as the CRT
/// reports it, e.g. `UploadPart`; code, message and request id from the error document, the request
/// id header winning; a bodiless answer's code from its status), a CRT failure [`TransferError::Crt`],
/// a cancelled request `Cancelled { message: "" }`, a panicking callback [`TransferError::Fatal`].
pub(super) fn from_request_error(e: S3RequestError) -> TransferError {
    match e {
        S3RequestError::Service(r) => service_error(&r),
        S3RequestError::Crt(c) => crt_error(c),
        S3RequestError::Cancelled => TransferError::cancelled(""),
        S3RequestError::CallbackPanicked(m) => TransferError::Fatal { message: format!("a callback panicked: {m}") },
        S3RequestError::Callback(m) => TransferError::Fatal { message: format!("a body callback failed: {m}") },
        S3RequestError::InvalidArgument(m) => TransferError::InvalidArgument { message: m },
    }
}

fn service_error(r: &ErrorResponse) -> TransferError {
    let doc = r.body.as_deref().map(ErrorDocument::parse).unwrap_or_default();
    TransferError::Service {
        operation: r.operation.clone().unwrap_or_else(|| "S3".to_owned()),
        status: Some(r.status),
        code: doc.code.or_else(|| default_code_for_status(r.status).map(str::to_owned)),
        message: doc.message,
        request_id: r.request_id().map(str::to_owned).or(doc.request_id),
    }
}

/// A GetObject that failed in the CRT's size-discovery HeadObject got an answer without a body, so
/// without an S3 error code: the same question is asked again as a one-byte GET (`path` at `endpoint`
/// with the download's `headers`), whose error answer has the code, message and request id a direct
/// GetObject would have had. Its answer replaces `original` when it has the same status.
pub(super) async fn diagnose_download(
    client: &S3Client,
    endpoint: &str,
    path: &str,
    headers: &[(String, String)],
    original: S3RequestError,
) -> S3RequestError {
    let S3RequestError::Service(first) = &original else { return original };
    if first.operation.as_deref() != Some("HeadObject") || first.body.is_some() {
        return original;
    }
    let mut o = MetaRequestOptions::request("GetObject", "GET", path).at(endpoint, path).header("Range", "bytes=0-0");
    for (n, v) in headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("range")) {
        o = o.header(n.clone(), v.clone());
    }
    let Ok(follow_up) = client.send(o) else { return original };
    match follow_up.result().await {
        Err(S3RequestError::Service(r)) if r.status == first.status && r.body.is_some() => S3RequestError::Service(r),
        _ => original,
    }
}

/// The CRT error aws-c-s3 fails a download with when an answer has no ETag (it pins the later
/// parts to the first answer's).
pub(super) const MISSING_ETAG: &str = "AWS_ERROR_S3_MISSING_ETAG";

/// aws-c-s3 refused a GET answer without an ETag.
pub(crate) fn is_missing_etag(e: &TransferError) -> bool {
    matches!(e, TransferError::Crt { name, .. } if name == MISSING_ETAG)
}

/// CRT errors of the transport (what a download retries): sockets, connections, timeouts.
pub(super) fn is_network_error(name: &str) -> bool {
    name.starts_with("AWS_IO_SOCKET")
        || name.contains("CONNECTION_CLOSED")
        || name.contains("SERVER_CLOSED")
        || name.contains("TIMEOUT")
        || name == "AWS_ERROR_S3_INCORRECT_CONTENT_LENGTH"
        || name == "AWS_IO_BROKEN_PIPE"
        || name == "AWS_ERROR_HTTP_CHANNEL_THROUGHPUT_FAILURE"
}

/// The error of a failed write of downloaded data into `temp` (still in place): the OS error that
/// writing a block to a new file next to it gives (e.g. `StorageFull`), else a generic `Io` error;
/// either names `temp`, as the classic engine's error does.
pub(super) fn file_write_error(temp: &Path) -> TransferError {
    use std::io::Write;
    let mut probe_path = temp.as_os_str().to_owned();
    probe_path.push(".probe");
    let probe_path = PathBuf::from(probe_path);
    let probe = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe_path)
        .and_then(|mut f| f.write_all(&[0u8; 64 * 1024]).and_then(|()| f.sync_all()));
    let _ = std::fs::remove_file(&probe_path);
    match probe {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => TransferError::io(&e, Some(temp)),
        _ => TransferError::Io {
            path: Some(temp.to_owned()),
            kind: std::io::ErrorKind::Other,
            message: "writing the downloaded data to the file failed (the CRT gave no reason)".into(),
        },
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::crt::s3::Headers;

    #[test]
    fn an_error_answer_becomes_a_service_error_with_the_documents_code() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>BODYID</RequestId></Error>"#;
        let r = ErrorResponse { status: 404, headers: Headers::default(), body: Some(body.to_vec()), operation: Some("GetObject".into()) };
        let e = from_request_error(S3RequestError::Service(r));
        assert_eq!((e.http_status(), e.s3_code(), e.request_id()), (Some(404), Some("NoSuchKey"), Some("BODYID")));

        // The response header wins over the body (it is present even when the body is not).
        let headers = Headers(vec![("X-Amz-Request-Id".into(), "HEADERID".into())]);
        let r = ErrorResponse { status: 403, headers, body: None, operation: Some("HeadObject".into()) };
        let e = from_request_error(S3RequestError::Service(r));
        assert_eq!((e.s3_code(), e.request_id()), (Some("Forbidden"), Some("HEADERID")));
        assert!(e.to_string().contains("HTTP 403"), "{e}");
    }
}
