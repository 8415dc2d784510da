package dev.weir.internal.runtime.assign;

import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.task.TaskId;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * What a thread's assignor needs from its worker and thread. Handed to the assignor through the
 * consumer's config.
 *
 * @param plan which topics form each task
 * @param processId the instance's id: threads with one id share one state folder
 * @param fingerprint the pipeline's fingerprint: every instance of an application must agree
 * @param settings standby and warm-up settings, used when this member leads the group
 * @param local the instance's copies of task state, reported with their changelog progress
 * @param standbys the tasks this thread follows now as standby or warm-up copies
 * @param assigned told, on the thread, what the rebalance gave the thread besides its partitions
 * @param changelogEnds the end offsets ({@code read_committed}) of changelog partitions; used when
 *     this member leads the group
 */
public record AssignorContext(
    Plan plan,
    String processId,
    String fingerprint,
    AssignmentSettings settings,
    LocalTasks local,
    Supplier<Set<TaskId>> standbys,
    Consumer<AssignmentInfo> assigned,
    Function<Set<TopicPartition>, Map<TopicPartition, Long>> changelogEnds) {}
