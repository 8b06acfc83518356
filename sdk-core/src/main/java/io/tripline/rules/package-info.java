/**
 * Rule packs: reviewed, versioned YAML documents that say what a match means and where reports go
 * (the format is {@code docs/rule-packs.md}). {@link io.tripline.rules.RulePack} loads one, from
 * the class path where the {@code rules} artifact puts the packs Tripline ships, or from a file;
 * {@link io.tripline.rules.Policy} combines packs in order and evaluates a submission's matches
 * and {@link io.tripline.rules.SubmissionFacts facts} into an {@link io.tripline.rules.Outcome}:
 * the action, the deciding rule, and the {@link io.tripline.rules.ReportInstruction reports} asked
 * for. {@link io.tripline.rules.Policy#explain} says why, rule by rule and condition by condition.
 * A jurisdiction pack's {@link io.tripline.rules.Jurisdiction routes} say where each report
 * category must or may go; {@link io.tripline.rules.Router} turns a report's facts into the
 * destinations, deadlines and preservation. {@link io.tripline.rules.PolicyReloader} keeps a
 * running engine's packs current with their files, swapping in only a valid whole.
 */
@NullMarked
package io.tripline.rules;

import org.jspecify.annotations.NullMarked;
