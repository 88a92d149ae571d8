/** The protected participant fields: GraphQL name → column. Each is a FieldCipher ciphertext. */
export const PROTECTED_FIELDS = {
  legalName: 'legal_name',
  travelNeeds: 'travel_needs',
  visaSupportNeeds: 'visa_support_needs',
  passportNationality: 'passport_nationality',
  dietaryNeeds: 'dietary_needs',
  accessibilityNeeds: 'accessibility_needs',
  phone: 'phone',
  emergencyContact: 'emergency_contact',
} as const;

export type ProtectedField = keyof typeof PROTECTED_FIELDS;
export type ProtectedData = Record<ProtectedField, string | null>;
export const PROTECTED_FIELD_NAMES = Object.keys(PROTECTED_FIELDS) as ProtectedField[];
