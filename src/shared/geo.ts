/** A point on the map, WGS84. */
export interface GeoPoint {
  lat: number;
  lng: number;
  /** Human-readable place label, e.g. WeChat's `Label`. */
  label?: string;
}
