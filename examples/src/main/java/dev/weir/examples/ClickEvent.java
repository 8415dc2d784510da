package dev.weir.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A click on a web page, as JSON:
 * {@code {"user_id":"123","action":"click","timestamp":"2024-01-01T00:00:00.000Z","page":"/products/xyz"}}.
 */
public record ClickEvent(
    @JsonProperty("user_id") String userId,
    @JsonProperty("action") String action,
    @JsonProperty("timestamp") Instant timestamp,
    @JsonProperty("page") String page) {}
