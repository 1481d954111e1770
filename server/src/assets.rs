//! The browser bundle is sent gzipped to browsers that accept it. Only the
//! static assets are compressed: the wasm modules, their JavaScript and the
//! stylesheet shrink to a third or less, while pages stay uncompressed so
//! serving them costs no compression time per request (and live event
//! streams are never buffered by an encoder).

use axum::http::{Response, header};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

const COMPRESSED: [&str; 5] = [
    "application/wasm",
    "text/javascript",
    "application/javascript",
    "text/css",
    "image/svg+xml",
];

#[derive(Clone, Copy, Debug)]
pub struct StaticAssets;

impl Predicate for StaticAssets {
    fn should_compress<B>(&self, response: &Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        COMPRESSED.iter().any(|c| kind.starts_with(c))
            && SizeAbove::new(1024).should_compress(response)
    }
}

pub fn layer() -> CompressionLayer<StaticAssets> {
    CompressionLayer::new()
        .gzip(true)
        .quality(CompressionLevel::Default)
        .compress_when(StaticAssets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn response(kind: &str, len: usize) -> Response<Body> {
        Response::builder()
            .header(header::CONTENT_TYPE, kind)
            .header(header::CONTENT_LENGTH, len)
            .body(Body::from(vec![0u8; len]))
            .unwrap()
    }

    #[test]
    fn only_sizeable_static_assets_are_compressed() {
        assert!(StaticAssets.should_compress(&response("application/wasm", 50_000)));
        assert!(StaticAssets.should_compress(&response("text/javascript; charset=utf-8", 5_000)));
        assert!(!StaticAssets.should_compress(&response("application/wasm", 200)));
        assert!(!StaticAssets.should_compress(&response("text/html; charset=utf-8", 50_000)));
        assert!(!StaticAssets.should_compress(&response("text/event-stream", 50_000)));
        assert!(!StaticAssets.should_compress(&response("application/pdf", 50_000)));
    }
}
