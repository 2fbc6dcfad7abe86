export {
  DeliveryProjectPicker,
  DeliveryProjectPickerSchema,
  DELIVERY_PROJECT_PICKER,
  NO_TECHNICAL_PROJECTS,
} from './DeliveryProjectPicker';
