package io.tripline.rules;

/**
 * What a rule does when it fires. When several rules fire the strongest action wins:
 * {@link #BLOCK} over {@link #FLAG} over {@link #ALLOW}; among rules of the same action, the one
 * listed first (packs in the order combined). See {@link Policy}.
 */
public enum Action {
  ALLOW,
  FLAG,
  BLOCK
}
