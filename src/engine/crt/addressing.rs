//! Where a CRT request for a bucket goes: the `aws-sdk-s3` client's own endpoint rules decide.
//!
//! The SDK resolves every request's URL from its endpoint parameters (region, endpoint URL,
//! `force_path_style`, FIPS, dual-stack, accelerate, ...) and the bucket: virtual-hosted
//! (`https://bucket.s3.us-east-1.amazonaws.com/key`) where the bucket name allows it, path-style
//! (`http://127.0.0.1:9000/bucket/key`) for IP endpoints, `force_path_style`, or names that cannot
//! be host names. The CRT engine asks the same resolver with the same parameters (captured from the
//! client, see `credentials::capture`), so both engines send a bucket's requests to the same place.
//! An endpoint that needs another signature than SigV4 for `s3` in the client's region (S3 Express
//! directory buckets, multi-region access points, an access point in another region) is refused:
//! aws-c-s3 signs every request with the client's one SigV4 configuration.

use aws_sdk_s3::config::endpoint::Params;
use aws_smithy_runtime_api::client::endpoint::{EndpointResolverParams, ResolveEndpoint, SharedEndpointResolver};
use aws_smithy_types::Document;

use crate::s3::uri::encode_path;
use crate::error::{Result, TransferError};

/// Where one object's requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObjectAddress {
    /// `scheme://host[:port]`.
    pub(crate) endpoint: String,
    /// The URI-encoded path: `/bucket/key` (path-style) or `/key` (virtual-hosted).
    pub(crate) path: String,
}

/// The SDK client's endpoint resolver and parameters, minus the bucket.
pub(crate) struct Addressing {
    resolver: SharedEndpointResolver,
    template: Params,
    region: String,
}

impl Addressing {
    pub(crate) fn new(resolver: SharedEndpointResolver, template: Params, region: String) -> Self {
        Self { resolver, template, region }
    }

    /// The address of `bucket`/`key`, as the SDK client would send a request for it.
    pub(crate) async fn object(&self, bucket: &str, key: &str) -> Result<ObjectAddress> {
        let p = &self.template;
        let params = Params::builder()
            .bucket(bucket)
            .set_region(p.region().map(str::to_owned))
            .set_use_fips(p.use_fips())
            .set_use_dual_stack(p.use_dual_stack())
            .set_endpoint(p.endpoint().map(str::to_owned))
            .set_force_path_style(p.force_path_style())
            .set_accelerate(p.accelerate())
            .set_use_global_endpoint(p.use_global_endpoint())
            .set_disable_access_points(p.disable_access_points())
            .set_disable_multi_region_access_points(p.disable_multi_region_access_points())
            .set_use_arn_region(p.use_arn_region())
            .set_disable_s3_express_session_auth(p.disable_s3_express_session_auth())
            .build()
            .map_err(|e| TransferError::invalid(format!("endpoint parameters for bucket {bucket:?}: {e}")))?;
        let endpoint = self
            .resolver
            .resolve_endpoint(&EndpointResolverParams::new(params))
            .await
            .map_err(|e| TransferError::invalid(format!("resolving the endpoint of bucket {bucket:?}: {e}")))?;
        if let Some(Document::String(backend)) = endpoint.properties().get("backend") {
            // S3 Express directory buckets sign with session credentials.
            return Err(TransferError::invalid(format!(
                "bucket {bucket:?} is served by {backend}, whose session signing the CRT engine cannot do; use Engine::Classic"
            )));
        }
        if let Some(scheme) = endpoint.auth_schemes().first() {
            let text = |k: &str| match scheme.get(k) {
                Some(Document::String(s)) => Some(s.as_str()),
                _ => None,
            };
            check_signing(scheme.name(), text("signingName"), text("signingRegion"), &self.region, bucket)?;
        }
        split(endpoint.url(), key)
            .ok_or_else(|| TransferError::invalid(format!("the CRT engine cannot use endpoint {:?}", endpoint.url())))
    }
}

/// `https://host[:port][/base]` + key → endpoint and path (`/base/key`).
fn split(url: &str, key: &str) -> Option<ObjectAddress> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (authority, base) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return None;
    }
    Some(ObjectAddress { endpoint: format!("{scheme}://{authority}"), path: format!("{base}/{}", encode_path(key)) })
}

/// Only plain SigV4 for `s3` in the client's region: that is how aws-c-s3 signs.
fn check_signing(name: &str, service: Option<&str>, signing_region: Option<&str>, region: &str, bucket: &str) -> Result<()> {
    let service = service.unwrap_or("s3");
    let signing_region = signing_region.unwrap_or(region);
    if name == "sigv4" && service == "s3" && signing_region == region {
        return Ok(());
    }
    Err(TransferError::invalid(format!(
        "bucket {bucket:?} needs {name} signing for {service:?} in {signing_region:?}, which the CRT engine cannot do \
         (it signs SigV4 for \"s3\" in {region:?}); use Engine::Classic"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    /// What the CRT engine captures from an SDK client configured by `configure` (nothing is sent).
    fn addressing(configure: impl FnOnce(aws_sdk_s3::config::Builder) -> aws_sdk_s3::config::Builder) -> Addressing {
        let conf = configure(
            aws_sdk_s3::Config::builder()
                .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
                .region(aws_sdk_s3::config::Region::new("eu-west-1"))
                .credentials_provider(aws_sdk_s3::config::Credentials::new("AKID", "SECRET", None, None, "test")),
        )
        .build();
        let client = aws_sdk_s3::Client::from_conf(conf);
        let settings = runtime().block_on(super::super::credentials::capture(&client)).expect("capture");
        Addressing::new(settings.components.endpoint_resolver(), settings.endpoint_params, settings.region)
    }

    fn resolve(a: &Addressing, bucket: &str, key: &str) -> Result<ObjectAddress> {
        runtime().block_on(a.object(bucket, key))
    }

    fn addr(endpoint: &str, path: &str) -> ObjectAddress {
        ObjectAddress { endpoint: endpoint.into(), path: path.into() }
    }

    #[test]
    fn aws_endpoints_are_virtual_hosted_unless_the_name_or_config_says_otherwise() {
        let aws = addressing(|b| b);
        assert_eq!(resolve(&aws, "my-bucket", "a b/c").unwrap(), addr("https://my-bucket.s3.eu-west-1.amazonaws.com", "/a%20b/c"));
        // Dots cannot be in a TLS wildcard host name: path-style.
        assert_eq!(resolve(&aws, "my.bucket", "k").unwrap(), addr("https://s3.eu-west-1.amazonaws.com", "/my.bucket/k"));
        let path_style = addressing(|b| b.force_path_style(true));
        assert_eq!(resolve(&path_style, "my-bucket", "k").unwrap(), addr("https://s3.eu-west-1.amazonaws.com", "/my-bucket/k"));
        let fips = addressing(|b| b.use_fips(true).use_dual_stack(true));
        assert_eq!(
            resolve(&fips, "my-bucket", "k").unwrap(),
            addr("https://my-bucket.s3-fips.dualstack.eu-west-1.amazonaws.com", "/k")
        );
    }

    #[test]
    fn custom_endpoints_follow_force_path_style_and_ip_hosts_are_path_style() {
        let ip = addressing(|b| b.endpoint_url("http://127.0.0.1:9000"));
        assert_eq!(resolve(&ip, "bkt", "k").unwrap(), addr("http://127.0.0.1:9000", "/bkt/k"));
        let named = addressing(|b| b.endpoint_url("http://minio.internal:9000"));
        assert_eq!(resolve(&named, "bkt", "k").unwrap(), addr("http://bkt.minio.internal:9000", "/k"));
        let named_path = addressing(|b| b.endpoint_url("http://minio.internal:9000").force_path_style(true));
        assert_eq!(resolve(&named_path, "bkt", "k").unwrap(), addr("http://minio.internal:9000", "/bkt/k"));
        let with_base = addressing(|b| b.endpoint_url("https://gw.example.com/s3/").force_path_style(true));
        assert_eq!(resolve(&with_base, "bkt", "k").unwrap(), addr("https://gw.example.com", "/s3/bkt/k"));
    }

    #[test]
    fn endpoints_needing_other_signatures_are_refused() {
        let aws = addressing(|b| b);
        // An S3 Express directory bucket (session auth) and a multi-region access point (SigV4a).
        for bucket in ["my-dir--euw1-az1--x-s3", "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap"] {
            match resolve(&aws, bucket, "k") {
                Err(TransferError::InvalidArgument { message }) => assert!(message.contains("Engine::Classic"), "{message}"),
                other => panic!("{bucket}: {other:?}"),
            }
        }
    }
}
