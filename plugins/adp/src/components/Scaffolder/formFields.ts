import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DELIVERY_PROJECT_PICKER,
  DeliveryProjectPicker,
  DeliveryProjectPickerSchema,
} from './DeliveryProjectPicker';

/** The delivery project picker for the new frontend system's scaffolder (loaded lazily). */
export const deliveryProjectPickerFormField = createFormField({
  name: DELIVERY_PROJECT_PICKER,
  component: DeliveryProjectPicker,
  schema: DeliveryProjectPickerSchema,
});
