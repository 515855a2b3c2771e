/**
 * The TAO bus: a Java port of the tao.js kernel. AppCons identified by a Term / Action / Orient
 * {@link io.taobus.tao.Trigram} are dispatched to intercept, async and inline handlers on virtual
 * threads. This package depends on nothing but the JDK and JSpecify, so that it can be used, tested
 * and benchmarked without Spring.
 */
@NullMarked
package io.taobus.tao;

import org.jspecify.annotations.NullMarked;
