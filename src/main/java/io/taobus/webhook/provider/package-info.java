/**
 * The signing schemes of webhook providers: each scheme's verifier over the raw bytes, the shared
 * HMAC-SHA256 keys and constant-time comparison, the replay window of timestamped schemes, and
 * CloudEvents' structured mode brought to the binary mode's shape.
 */
@NullMarked
package io.taobus.webhook.provider;

import org.jspecify.annotations.NullMarked;
