package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of a template's Outputs section. */
record OutputDecl(String name, JsonNode value, String condition) {}
