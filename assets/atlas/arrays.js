/* Arrays as the server writes them: plotly's typed-array specs ({dtype, bdata}, the array's bytes in
   base64), decoded once per spec, and values that are one per element or one for all. */
(function (atlas) {
  const TYPED_ARRAYS = {f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
    u2: Uint16Array, i4: Int32Array, u4: Uint32Array};
  const decoded = new WeakMap();

  /* The typed array of a spec, decoded once per spec. */
  function typedArray(spec) {
    if (!decoded.has(spec)) {
      const bytes = Uint8Array.from(atob(spec.bdata), function (c) { return c.charCodeAt(0); });
      decoded.set(spec, new TYPED_ARRAYS[spec.dtype](bytes.buffer));
    }
    return decoded.get(spec);
  }

  /* Coordinates as the server sends them (a spec) or as the frame engine makes them (a typed array). */
  function asArray(values) {
    return ArrayBuffer.isView(values) ? values : typedArray(values);
  }

  /* Element `i` of a value given per element, or the value given for all. */
  function at(values, i) {
    return values !== null && typeof values === "object" && "length" in values ? values[i] : values;
  }

  atlas.arrays = {typedArray: typedArray, asArray: asArray, at: at};
})(globalThis.atlas = globalThis.atlas || {});
