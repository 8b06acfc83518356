/**
 * Rule packs: YAML documents that say what a match means. {@link io.tripline.rules.RulePack}
 * loads one (from the class path, where the {@code rules} artifact puts the packs Tripline ships,
 * or from a file) and evaluates a submission's matches into an action.
 */
@NullMarked
package io.tripline.rules;

import org.jspecify.annotations.NullMarked;
