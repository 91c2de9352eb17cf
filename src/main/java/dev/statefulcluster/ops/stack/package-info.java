/**
 * The change-set pipeline: the one way an operation changes a stack. A template is delivered
 * (inline, or through the template bucket), a change set made and waited for, judged ({@link
 * dev.statefulcluster.ops.stack.Verdict}, over every nested change set of a tree), discarded or
 * run, and watched to its end; a stack an earlier run left mid-way is settled first.
 *
 * <p>Allowed imports: the JDK, Jackson (templates read back), {@code spec}, {@code template},
 * {@code synth}, {@code cloud}, {@code ops.core}.
 */
package dev.statefulcluster.ops.stack;
