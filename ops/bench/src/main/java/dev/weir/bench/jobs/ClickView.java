package dev.weir.bench.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Output of workload 1 (stateless map/filter): a kept click with a weight for its action. */
public record ClickView(
    @JsonProperty("user_id") String userId,
    @JsonProperty("page") String page,
    @JsonProperty("action") String action,
    @JsonProperty("ts") long ts,
    @JsonProperty("weight") int weight) {}
