//! S3 errors: an `aws-sdk-s3` error, or an S3 error document (XML), as a [`TransferError`].

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::error::{DisplayChain, TransferError};

impl TransferError {
    /// Converts an `aws-sdk-s3` error into a [`TransferError`]: a response with an error status becomes
    /// [`TransferError::Service`]; connection, timeout and body errors become
    /// [`TransferError::Network`]; anything else is a [`TransferError::Service`] without status.
    pub fn from_sdk<E>(operation: &str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        use aws_sdk_s3::operation::RequestId;
        match &err {
            SdkError::ServiceError(se) => {
                let raw = se.raw();
                let status = Some(raw.status().as_u16());
                let e = se.err();
                let request_id = e
                    .meta()
                    .request_id()
                    .map(str::to_owned)
                    .or_else(|| raw.headers().get("x-amz-request-id").map(str::to_owned));
                let mut code = e.code().map(str::to_owned);
                if code.is_none() {
                    code = status.and_then(default_code_for_status).map(str::to_owned);
                }
                TransferError::Service {
                    operation: operation.to_owned(),
                    status,
                    code,
                    message: e.message().map(str::to_owned),
                    request_id,
                }
            }
            SdkError::DispatchFailure(df) => {
                let message = format!("{}", DisplayChain(&err));
                if df.is_io() || df.is_timeout() || df.is_other() {
                    TransferError::Network { operation: operation.to_owned(), message }
                } else {
                    // User errors (bad endpoint etc.) are not retryable.
                    TransferError::Service {
                        operation: operation.to_owned(),
                        status: None,
                        code: None,
                        message: Some(message),
                        request_id: None,
                    }
                }
            }
            SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
                TransferError::Network { operation: operation.to_owned(), message: format!("{}", DisplayChain(&err)) }
            }
            _ => TransferError::Service {
                operation: operation.to_owned(),
                status: None,
                code: None,
                message: Some(format!("{}", DisplayChain(&err))),
                request_id: None,
            },
        }
    }
}

/// HeadObject errors have no body, so S3 gives no code; name the usual ones.
pub(crate) fn default_code_for_status(status: u16) -> Option<&'static str> {
    match status {
        404 => Some("NotFound"),
        403 => Some("Forbidden"),
        412 => Some("PreconditionFailed"),
        304 => Some("NotModified"),
        // The CRT keeps no body of a 5xx it gave up retrying; these are S3's codes for them.
        500 => Some("InternalError"),
        503 => Some("SlowDown"),
        _ => None,
    }
}


#[cfg_attr(not(feature = "crt"), allow(dead_code))] // read by the CRT engine
/// What an S3 error document (`<Error><Code>…</Code><Message>…</Message>…</Error>`) says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorDocument {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

#[cfg_attr(not(feature = "crt"), allow(dead_code))]
impl ErrorDocument {
    /// Reads the first `Code`, `Message` and `RequestId` elements of `body` (entities decoded).
    pub(crate) fn parse(body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        Self { code: xml_text(&text, "Code"), message: xml_text(&text, "Message"), request_id: xml_text(&text, "RequestId") }
    }
}

#[cfg_attr(not(feature = "crt"), allow(dead_code))]
/// Text of the first `<tag>...</tag>` in `body` (XML entities decoded).
fn xml_text(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&close)?;
    let raw = &body[start..end];
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_error_document_is_parsed() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist &amp; never did</Message>
<Key>a&lt;b</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc</HostId></Error>"#;
        let d = ErrorDocument::parse(body);
        assert_eq!(d.code.as_deref(), Some("NoSuchKey"));
        assert_eq!(d.message.as_deref(), Some("The specified key does not exist & never did"));
        assert_eq!(d.request_id.as_deref(), Some("4442587FB7D0A2F9"));
        assert_eq!(ErrorDocument::parse(b""), ErrorDocument::default());
    }

    #[test]
    fn statuses_without_a_body_get_s3s_usual_codes() {
        assert_eq!(default_code_for_status(404), Some("NotFound"));
        assert_eq!(default_code_for_status(503), Some("SlowDown"));
        assert_eq!(default_code_for_status(418), None);
    }
}
