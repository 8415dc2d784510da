package dev.weir.ops.cli;

import java.util.List;

/**
 * What a reset found and would do, made by {@link ApplicationReset#plan()}; changes nothing by
 * itself.
 *
 * @param applicationId the application the plan is for
 * @param actions the steps, in the order {@link ApplicationReset#execute} runs them
 * @param notes things found and deliberately left alone (a kept dead-letter topic, a topic that
 *     looks like another application's), one sentence each
 * @param refusals why the reset must not run now (active group members, a locked state folder),
 *     one message each; empty when it may run
 */
public record ResetPlan(
    String applicationId, List<ResetAction> actions, List<String> notes, List<String> refusals) {

  public ResetPlan {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
    refusals = List.copyOf(refusals);
  }

  /** True when the reset must not run now; {@link #refusals()} says why. */
  public boolean refused() {
    return !refusals.isEmpty();
  }

  /** The steps' descriptions, one line each, in order. */
  public List<String> describe() {
    return actions.stream().map(ResetAction::describe).toList();
  }
}
