package dev.weir.examples;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The running number of clicks of one user: {@code {"user_id":"123","count":5}}. */
public record ClickCount(@JsonProperty("user_id") String userId, @JsonProperty("count") long count) {}
