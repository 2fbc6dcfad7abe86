import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FieldExtensionOptions,
  ScaffolderFieldExtensions,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { deliveryProjectPickerField } from '../../alpha/plugin';
import { AdpDeliveryProjectPickerFieldExtension } from '../../plugin';
import { DeliveryProjectPicker } from './DeliveryProjectPicker';

describe('the delivery project picker as a scaffolder field', () => {
  it('is a form field named AdpDeliveryProjectPicker for the new frontend system', async () => {
    const loader = createExtensionTester(deliveryProjectPickerField).get(FormFieldBlueprint.dataRefs.formFieldLoader);
    // The scaffolder reads name and component from the loaded field.
    expect(await loader()).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'AdpDeliveryProjectPicker',
      component: DeliveryProjectPicker,
      // The project's id and label (type: object), or its id alone (type: string).
      schema: {
        schema: { returnValue: { anyOf: [{ type: 'object', required: ['id', 'title'] }, { type: 'string' }] } },
      },
    });
  });

  it('is a field extension named AdpDeliveryProjectPicker for legacy apps', async () => {
    const Names = () => {
      const fields = useCustomFieldExtensions<FieldExtensionOptions>(
        <ScaffolderFieldExtensions>
          <AdpDeliveryProjectPickerFieldExtension />
        </ScaffolderFieldExtensions>,
      );
      return <ul>{fields.map(f => <li key={f.name}>{`${f.name}:${f.component === DeliveryProjectPicker}`}</li>)}</ul>;
    };
    await renderInTestApp(<Names />);
    expect(screen.getByRole('listitem')).toHaveTextContent('AdpDeliveryProjectPicker:true');
  });
});
