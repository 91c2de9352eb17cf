package dev.statefulcluster.synth;

/**
 * Where the template holds one of a node's settings: a property of a resource in a stack.
 * Operations read and change the setting there, without knowing its name.
 */
public record Setting(String stack, String logicalId, String property) {}
